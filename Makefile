# auditkit: a plain Makefile.
#
#   make              build $(BUILD)/auditkit
#   make check        install missing Debian packages (as root), build, run every test
#   make demo         the same set-up, then the main job on samples/
#   make bench        benchmarks against peers, printing ratios
#   make SANITIZE=1 check   the same tests under ASan + UBSan (objects in build-san/)
#   make DEVELOPER=1  warnings are errors
#   make install PREFIX=/usr/local DESTDIR=...   binary, man page, banks, rules,
#                     documents, and bash and zsh completion where each shell looks
#
# BUILD=dir keeps several builds apart; V=1 shows the commands.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/auditkit
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/auditkit
# where bash-completion loads completions from on demand, and a folder of
# zsh's default $fpath
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
PKG_CONFIG ?= pkg-config
CC         ?= cc
PYTHON     ?= /usr/bin/python3

ifeq ($(SANITIZE),1)
BUILD      ?= build-san
SANFLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD      ?= build
SANFLAGS   :=
endif

PKGS     := libcurl jansson libcjson libpcre2-8 xlsxwriter libcrypto icu-uc libzip expat
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

CFLAGS ?= -O2 -g
WARN   := -Wall -Wextra -Wformat=2 -Wformat-security -Wstrict-prototypes -Wvla \
          -Wwrite-strings -Wmissing-prototypes -Wshadow -Wno-unused-parameter
ifeq ($(DEVELOPER),1)
WARN   += -Werror
endif
ALL_CFLAGS  = -pthread -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
              -DAK_VERSION='"$(VERSION)"' -Isrc $(WARN) $(PKG_CFLAGS) $(SANFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) -pthread $(LDFLAGS)
# Snowball's libstemmer ships no pkg-config file.
LIBS        = $(PKG_LIBS) -lstemmer -lm

ifneq ($(V),1)
Q  := @
QCC = @printf '  CC      %s\n' $<;
QLD = @printf '  LD      %s\n' $@;
endif

LIB_SRCS  := $(wildcard src/*/*.c src/*/*/*.c)
LIB_SRCS  := $(filter-out src/cmd/%,$(LIB_SRCS))
CMD_SRCS  := $(wildcard src/cmd/*.c)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
CMD_OBJS  := $(CMD_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/src/main.o
UNIT_SRCS := $(wildcard tests/unit/test_*.c tests/unit/*/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
BIN       := $(BUILD)/auditkit

.PHONY: all check unit cli layers demo bench eval install uninstall clean fmt deps fuzz valgrind
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(QCC)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libauditkit.a: $(LIB_OBJS)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BIN): $(CMD_OBJS) $(BUILD)/libauditkit.a
	$(QLD)$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJS) $(BUILD)/libauditkit.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libauditkit.a
	@mkdir -p $(dir $@)
	$(QLD)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		$(BUILD)/libauditkit.a $(LIBS) $(CMOCKA_LIBS)

# Set-up on a fresh Debian machine: installs what is missing when run as root,
# otherwise names the command to run. Skipped with NODEPS=1.
deps:
ifneq ($(NODEPS),1)
	$(Q)sh scripts/install-deps.sh
endif

unit: $(UNIT_BINS)
	$(Q)AK_SRCDIR=$(CURDIR) sh tests/run-unit.sh $(UNIT_BINS)

cli: $(BIN)
	$(Q)AUDITKIT=$(CURDIR)/$(BIN) AK_SRCDIR=$(CURDIR) PYTHON=$(PYTHON) sh tests/cli/run.sh

layers:
	$(Q)sh scripts/check-layers.sh src

check: deps
	$(Q)$(MAKE) --no-print-directory layers
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory cli

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)AUDITKIT=$(CURDIR)/$(BIN) sh scripts/demo.sh

# make eval: the engine against the blind labels of tests/eval (both halves,
# every disagreement with its note line); EVAL_HALF=dev|heldout|both.
EVAL_HALF ?= both
eval: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)AUDITKIT=$(CURDIR)/$(BIN) $(PYTHON) tests/eval/run.py --half $(EVAL_HALF)

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)AUDITKIT=$(CURDIR)/$(BIN) PYTHON=$(PYTHON) sh bench/run.sh

# The man page names the installed paths as they are with the default
# PREFIX; install writes in the real ones (a '-' in a man page is '\-').
man_dir = $(subst -,\\-,$(1))
MAN_SED = -e 's|/usr/local/share/doc/auditkit|$(call man_dir,$(DOCDIR))|g' \
	  -e 's|/usr/local/share/auditkit|$(call man_dir,$(DATADIR))|g' \
	  -e 's|/usr/local/share/bash\\-completion/completions|$(call man_dir,$(BASHCOMPDIR))|g' \
	  -e 's|/usr/local/share/zsh/site\\-functions|$(call man_dir,$(ZSHCOMPDIR))|g'
DOCS := $(wildcard docs/*.md)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR) \
		$(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/auditkit
	sed $(MAN_SED) docs/auditkit.1 >$(DESTDIR)$(MANDIR)/man1/auditkit.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/auditkit.1
	cp -R question-banks rules $(DESTDIR)$(DATADIR)/
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/docs/
	install -m 644 completion/auditkit.bash $(DESTDIR)$(BASHCOMPDIR)/auditkit
	install -m 644 completion/_auditkit $(DESTDIR)$(ZSHCOMPDIR)/_auditkit

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/auditkit $(DESTDIR)$(MANDIR)/man1/auditkit.1
	rm -f $(DESTDIR)$(BASHCOMPDIR)/auditkit $(DESTDIR)$(ZSHCOMPDIR)/_auditkit
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

fmt:
	clang-format -i src/*.c $(wildcard src/*/*.[ch] src/*/*/*.[ch]) $(wildcard tests/unit/*.c tests/unit/*/*.c)

clean:
	rm -rf build build-san build-* out

# ---- valgrind ------------------------------------------------------------------
# make valgrind: the command tests (tests/cli/run.sh) with the normal binary
# under valgrind memcheck, through tests/tools/vg-auditkit. Tests that time
# things or would take too long read VALGRIND=1. Any report (an exit 99, or a
# non-empty log in $(BUILD)/valgrind/) fails the target and is printed.
VG_LOGS = $(BUILD)/valgrind

valgrind: deps
	$(if $(filter 1,$(SANITIZE)),$(error make valgrind wants the normal binary, not SANITIZE=1))
	$(Q)$(MAKE) --no-print-directory all
	$(Q)rm -rf $(VG_LOGS) && mkdir -p $(VG_LOGS)
	$(Q)AUDITKIT=$(CURDIR)/tests/tools/vg-auditkit AK_VG_BIN=$(CURDIR)/$(BIN) \
		AK_VG_LOGS=$(CURDIR)/$(VG_LOGS) VALGRIND=1 AK_SRCDIR=$(CURDIR) PYTHON=$(PYTHON) \
		sh tests/cli/run.sh; rc=$$?; \
	bad=$$(find $(VG_LOGS) -type f -size +0c | sort); \
	if [ -n "$$bad" ]; then \
		echo "valgrind: $$(echo "$$bad" | wc -l) runs with reports:"; \
		for f in $$bad; do echo "== $$f"; cat "$$f"; done; exit 1; \
	fi; \
	echo "valgrind: no reports ($$(ls $(VG_LOGS) | wc -l) runs)"; exit $$rc

# ---- fuzzing (tests/fuzz/, docs/fuzzing.md) -------------------------------
#   make fuzz-build               build each libFuzzer harness in build-fuzz/
#   make fuzz                     run each for FUZZ_SECONDS (default 60)
#   make fuzz FUZZ_ONLY=notes     only harnesses whose name contains "notes"
# Each run grows a working corpus in build-fuzz/corpus/NAME, seeded from the
# committed tests/fuzz/corpus/NAME; crashes land in build-fuzz/artifacts/NAME/.
# The objects are clang's, instrumented for libFuzzer, ASan and UBSan, kept
# apart from $(BUILD) so the normal and sanitizer builds are untouched.
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_ONLY    ?=
FUZZ_FLAGS   ?= -rss_limit_mb=2048 -timeout=10
# clang warns of two things gcc does not and that are intended (msg.c's
# vfprintf wrapper, report.c's split string): kept quiet for DEVELOPER=1.
FUZZ_WARN    := -Wno-format-nonliteral -Wno-string-concatenation
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS   = -pthread -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
                -DAK_VERSION='"$(VERSION)"' -Isrc $(WARN) $(FUZZ_WARN) $(PKG_CFLAGS) -O1 -g $(FUZZ_SAN) -MMD -MP
FUZZ_SRCS  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRCS:tests/fuzz/fuzz_%.c=%)
FUZZ_BINS  := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_OBJS  := $(LIB_SRCS:%.c=$(FUZZ_BUILD)/obj/%.o)

.PHONY: fuzz-build
fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(QCC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libauditkit.a: $(FUZZ_OBJS)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libauditkit.a
	$(QLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_SRCDIR='"$(CURDIR)"' -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_BUILD)/libauditkit.a $(LIBS)

fuzz: fuzz-build
	$(Q)set -e; for n in $(FUZZ_NAMES); do \
		case "$$n" in *$(FUZZ_ONLY)*) ;; *) continue ;; esac; \
		mkdir -p $(FUZZ_BUILD)/corpus/$$n $(FUZZ_BUILD)/artifacts/$$n; \
		dict=; [ -f tests/fuzz/dict/$$n.dict ] && dict=-dict=tests/fuzz/dict/$$n.dict; \
		echo "== fuzz_$$n for $(FUZZ_SECONDS)s"; \
		AK_SRCDIR=$(CURDIR) $(FUZZ_BUILD)/fuzz_$$n $(FUZZ_FLAGS) $$dict \
			-max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/artifacts/$$n/ \
			$(FUZZ_BUILD)/corpus/$$n tests/fuzz/corpus/$$n; \
	done

-include $(FUZZ_OBJS:.o=.d)
# ---- end of fuzzing --------------------------------------------------------

-include $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d)

# ---- the interview page (src/interview/page.c) -------------------------------
# page.html, page.css and page.js are real files; od turns each into a C array
# (page_page_html, ...) in a header that only page.c includes.
PAGE_SRCS := src/interview/page/page.html src/interview/page/page.css src/interview/page/page.js
PAGE_GEN  := $(BUILD)/gen/interview/page_data.h
$(PAGE_GEN): $(PAGE_SRCS)
	@mkdir -p $(dir $@)
	$(Q)for f in $(PAGE_SRCS); do \
		n=$$(basename $$f | tr . _); \
		echo "static const unsigned char page_$$n[] = {"; \
		od -An -v -tx1 $$f | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
		echo "};"; \
	done >$@.tmp && mv $@.tmp $@
$(BUILD)/src/interview/page.o $(FUZZ_BUILD)/obj/src/interview/page.o: $(PAGE_GEN)
$(BUILD)/src/interview/page.o: ALL_CFLAGS += -I$(BUILD)/gen
$(FUZZ_BUILD)/obj/src/interview/page.o: FUZZ_CFLAGS += -I$(BUILD)/gen
