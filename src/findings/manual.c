/* manual.c: manual findings and overrides from CSV or JSON (manual.h). */
#include "findings/manual.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "core/csv.h"
#include "core/hash.h"
#include "core/jcheck.h"
#include "core/runsort.h"
#include "core/textin.h"
#include "core/util.h"

/* The fields of an entry: CSV column names and JSON member names alike. */
enum col {
	C_TYPE,
	C_ID,
	C_STANDARD,
	C_CLAUSE,
	C_ITEM,
	C_REQUIREMENT,
	C_GRADE,
	C_STATEMENT,
	C_EVIDENCE,
	C_INTERVIEWEES,
	C_AUDITOR,
	C_DATE,
	C_CORRECTION,
	C_ROOT_CAUSE,
	C_CORRECTIVE_ACTION,
	C_OWNER,
	C_DUE,
	C_STATUS,
	C_FINDING,
	C_KIND,
	C_BY,
	C_WHY,
	C_N
};

static const char *const col_names[C_N + 1] = {
    "type",        "id",    "standard",   "clause",     "item",
    "requirement", "grade", "statement",  "evidence",   "interviewees",
    "auditor",     "date",  "correction", "root_cause", "corrective_action",
    "owner",       "due",   "status",     "finding",    "kind",
    "by",          "why",   NULL,
};

/* Which fields each entry may carry. */
static bool for_finding(int c)
{
	return c <= C_STATUS;
}
static bool for_override(int c)
{
	return c == C_TYPE || c == C_CLAUSE || c == C_ITEM || c == C_GRADE || c == C_DATE ||
	       c >= C_FINDING;
}

struct hash_line {
	uint64_t h;
	long line; /* CSV line or JSON index */
};

struct manual {
	char *path;
	char sha256[AK_SHA256_HEX];
	bool csv;
	json_t *root;
	struct ak_arena a; /* the overrides' strings */
	struct grade_override *ov;
	size_t nov, capov;
	size_t nfindings;
	bool scanned;
	/* scratch reused for every entry, so a long register streams */
	const char **ev, **who;
	size_t capev, capwho;
	struct grade_quote *q;
	size_t capq;
	struct ak_buf scratch;
	char *spool; /* a pipe, device or UTF-16 file, read once (NULL: reread the file) */
	size_t nspool;
};

struct entry {
	const char *f[C_N]; /* NULL: absent or empty */
	const char **ev, **who;
	size_t nev, nwho;
	long line;         /* CSV: line; JSON: index in its array */
	const char *jpath; /* JSON: "/findings/3" */
	bool is_override;
};

/* ======================================================================
 * Opening
 * ====================================================================== */

/* docs/facts-format.md, "Limits": 100,000 findings are about 40 MB. What is
 * held in memory (JSON, a pipe, UTF-16) stays within MANUAL_MAX; a CSV file
 * on disk is streamed twice and its ids sorted through a temporary file
 * (core/runsort.h), so memory does not grow with it and it may be larger. */
#define MANUAL_MAX (256u << 20)
#define MANUAL_MAX_FILE (1024u << 20)

ak_err manual_open(const char *path, struct manual **out)
{
	struct manual *m;
	struct stat st;
	FILE *fp;
	unsigned char head[2] = {0, 0};
	bool spool = strcmp(path, "-") == 0;
	size_t i = 0;
	int c = EOF;

	*out = NULL;
	if (!spool) {
		fp = fopen(path, "rb");
		if (!fp) {
			ak_error("cannot open '%s': %s", path, strerror(errno));
			return AK_ERR_INPUT;
		}
		if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode)) {
			if ((unsigned long long)st.st_size > MANUAL_MAX_FILE) {
				ak_error("'%s' is larger than the limit of %u bytes (%u MiB) for manual "
					 "findings: %lld bytes",
					 path, MANUAL_MAX_FILE, MANUAL_MAX_FILE >> 20, (long long)st.st_size);
				fclose(fp);
				return AK_ERR_INPUT;
			}
			/* UTF-16 is converted once, in memory */
			spool = fread(head, 1, 2, fp) == 2 &&
				ak_bom_of((const char *)head, 2) >= AK_BOM_UTF16LE;
		} else {
			/* a pipe (--manual <(...)) or a device: read once, within the
			 * limit, and every pass reads the copy */
			spool = true;
		}
		fclose(fp);
	}
	m = calloc(1, sizeof *m);
	if (!m || !(m->path = ak_strdup(path))) {
		free(m);
		return AK_ERR_NOMEM;
	}
	if (spool) {
		ak_err err = ak_read_text(path, MANUAL_MAX, 0, &m->spool, &m->nspool);
		if (err) {
			manual_close(m);
			return err;
		}
		if (!ak_sha256_hex(m->spool, m->nspool, m->sha256)) {
			manual_close(m);
			return AK_ERR_NOMEM;
		}
		/* JSON or CSV, by the first non-blank byte */
		while (i < m->nspool && strchr(" \t\r\n", m->spool[i]))
			i++;
		c = i < m->nspool ? (unsigned char)m->spool[i] : EOF;
		m->csv = c != '{';
		*out = m;
		return AK_OK;
	}
	fp = fopen(path, "rb");
	if (!fp) {
		ak_error("cannot open '%s': %s", path, strerror(errno));
		manual_close(m);
		return AK_ERR_INPUT;
	}
	/* JSON or CSV, by the first non-blank byte after any byte-order mark. */
	do
		c = getc(fp);
	while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB ||
	       c == 0xBF);
	fclose(fp);
	m->csv = c != '{';
	if (!ak_sha256_file(path, m->sha256)) {
		ak_error("cannot read '%s': %s", path, strerror(errno));
		manual_close(m);
		return AK_ERR_INPUT;
	}
	*out = m;
	return AK_OK;
}

/* Each pass's stream: the file again, or the copy read once. */
static FILE *reopen(const struct manual *m)
{
	if (m->spool)
		return fmemopen(m->nspool ? m->spool : (char *)"", m->nspool, "rb");
	return fopen(m->path, "rb");
}

void manual_close(struct manual *m)
{
	if (!m)
		return;
	json_decref(m->root);
	ak_arena_release(&m->a);
	free(m->ov);
	free(m->ev);
	free(m->who);
	free(m->q);
	ak_buf_release(&m->scratch);
	free(m->spool);
	free(m->path);
	free(m);
}

const struct grade_override *manual_overrides(const struct manual *m, size_t *n)
{
	*n = m->nov;
	return m->ov;
}
size_t manual_nfindings(const struct manual *m)
{
	return m->nfindings;
}
const char *manual_path(const struct manual *m)
{
	return m->path;
}
const char *manual_sha256(const struct manual *m)
{
	return m->sha256;
}
bool manual_is_csv(const struct manual *m)
{
	return m->csv;
}

/* ======================================================================
 * Lists inside a field: evidence one per line, interviewees by ';'
 * ====================================================================== */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Split s in place at sep; keep the non-empty parts (trimmed for ';'). The
 * length is taken once and each part found with memchr over what is left:
 * strchr would read to the end of s for every part (each one a full scan
 * under ASan's strict string checks, a quadratic split of a million quotes). */
static bool split(char *s, char sep, const char ***v, size_t *n, size_t *cap)
{
	char *p = s, *end = s + strlen(s);

	while (p) {
		char *e = memchr(p, sep, (size_t)(end - p)), *part;
		if (e)
			*e = '\0';
		part = sep == ';' ? trim(p) : p;
		if (sep == '\n') {
			size_t k = strlen(part);
			if (k && part[k - 1] == '\r')
				part[k - 1] = '\0';
		}
		if (*part) {
			if (!ak_grow(v, cap, *n + 1, sizeof **v))
				return false;
			(*v)[(*n)++] = part;
		}
		p = e ? e + 1 : NULL;
	}
	return true;
}

/* ======================================================================
 * Checking an entry
 * ====================================================================== */

struct scan {
	struct manual *m;
	struct ak_diags *d;
	struct jck *c; /* JSON only */
	bool bad, nomem;
	struct ak_runsort *ids; /* every id's hash and line, to find one used twice */
	int ioerr;              /* the errno of the ids' temporary file */
	size_t ordinal;         /* findings so far */
};

static void bad(struct scan *s, const struct entry *e, int col, const char *fmt, ...)
    AK_PRINTF(4, 5);

static void bad(struct scan *s, const struct entry *e, int col, const char *fmt, ...)
{
	char msg[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	s->bad = true;
	if (s->c) {
		char p[JCK_PATH];
		if (col >= 0)
			jck_sub(p, e->jpath, col_names[col]);
		else
			snprintf(p, sizeof p, "%s", e->jpath);
		jck_problem(s->c, p, false, "%s", msg);
	} else {
		ak_diags_add(s->d, s->m->path, (int)e->line, 0, "%s", msg);
	}
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static int cmp_hash(const void *a, const void *b)
{
	const struct hash_line *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void ids_failed(struct scan *s)
{
	int e = ak_runsort_error(s->ids);

	if (e)
		s->ioerr = e;
	else
		s->nomem = true;
}

/* An id for check_ids. Only its hash and line are kept, and a long
 * register's go through a temporary file (core/runsort.h), so memory does
 * not grow with the register. */
static bool add_id(struct scan *s, const char *id, long line)
{
	struct hash_line x = {fnv1a(id), line};

	if (!s->ids && !(s->ids = ak_runsort_new(sizeof x, 0, cmp_hash))) {
		s->nomem = true;
		return false;
	}
	if (!ak_runsort_add(s->ids, &x)) {
		ids_failed(s);
		return false;
	}
	return true;
}

static void check_finding(struct scan *s, const struct entry *e)
{
	const char *const *f = e->f;
	enum grade g = GRADE_NONE;
	int c;

	for (c = 0; c < C_N; c++)
		if (f[c] && !for_finding(c))
			bad(s, e, c, "'%s' is for overrides, not for a finding", col_names[c]);
	if (!f[C_CLAUSE])
		bad(s, e, -1, "a finding needs a \"clause\"");
	if (!f[C_GRADE])
		bad(s, e, -1, "a finding needs a \"grade\"");
	else if (!grade_parse(f[C_GRADE], &g))
		bad(s, e, C_GRADE,
		    "unknown grade '%s' (major, minor, observation, ofi or conformity)",
		    f[C_GRADE]);
	if (!f[C_STATEMENT])
		bad(s, e, -1, "a finding needs a \"statement\"");
	if (!f[C_AUDITOR])
		bad(s, e, -1, "a finding needs an \"auditor\"");
	if (g != GRADE_NONE && g <= GRADE_OBSERVATION && e->nev == 0)
		bad(s, e, -1, "a finding graded %s needs objective \"evidence\"", grade_label(g));
	if (f[C_DATE] && !jck_is_date(f[C_DATE]))
		bad(s, e, C_DATE, "\"date\" must be a date as YYYY-MM-DD, not '%s'", f[C_DATE]);
	if (f[C_DUE] && !jck_is_date(f[C_DUE]))
		bad(s, e, C_DUE, "\"due\" must be a date as YYYY-MM-DD, not '%s'", f[C_DUE]);
	if (f[C_STATUS] && !grade_status_valid(f[C_STATUS]))
		bad(s, e, C_STATUS,
		    "unknown status '%s' (open, action plan proposed, action plan accepted, "
		    "correction made, implemented, verified or closed)",
		    f[C_STATUS]);
	if (f[C_ID]) {
		if (strchr(f[C_ID], '/'))
			bad(s, e, C_ID, "finding id '%s' has a '/', which graded findings' ids use",
			    f[C_ID]);
		if (!add_id(s, f[C_ID], e->line))
			return;
	}
	s->ordinal++;
}

static char *arena_dup(struct scan *s, const char *v)
{
	char *d;

	if (!v)
		return NULL;
	d = ak_arena_strdup(&s->m->a, v);
	if (!d)
		s->nomem = true;
	return d;
}

static void check_override(struct scan *s, const struct entry *e, int col)
{
	const char *const *f = e->f;
	struct grade_override o;
	enum grade_kind k;
	int c;

	memset(&o, 0, sizeof o);
	o.grade = GRADE_NONE;
	for (c = 0; c < C_N; c++)
		if (f[c] && !for_override(c))
			bad(s, e, c, "'%s' is for findings, not for an override", col_names[c]);
	if (!f[C_FINDING] && !(f[C_CLAUSE] && f[C_KIND]))
		bad(s, e, -1,
		    "an override names its finding: \"finding\" (the id, e.g. 5.1c/weak) or "
		    "\"clause\", \"item\" and \"kind\"");
	if (f[C_KIND] && !grade_kind_parse(f[C_KIND], &k))
		bad(s, e, C_KIND, "unknown kind '%s'", f[C_KIND]);
	if (!f[C_GRADE])
		bad(s, e, -1, "an override needs the new \"grade\"");
	else if (!grade_parse(f[C_GRADE], &o.grade))
		bad(s, e, C_GRADE,
		    "unknown grade '%s' (major, minor, observation, ofi or conformity)",
		    f[C_GRADE]);
	if (!f[C_BY])
		bad(s, e, -1, "an override needs \"by\": who decided");
	if (!f[C_WHY])
		bad(s, e, -1, "an override needs \"why\": the reason, for the record");
	if (f[C_DATE] && !jck_is_date(f[C_DATE]))
		bad(s, e, C_DATE, "\"date\" must be a date as YYYY-MM-DD, not '%s'", f[C_DATE]);
	if (!ak_grow(&s->m->ov, &s->m->capov, s->m->nov + 1, sizeof *s->m->ov)) {
		s->nomem = true;
		return;
	}
	o.target = arena_dup(s, f[C_FINDING]);
	o.clause = arena_dup(s, f[C_CLAUSE]);
	o.item = arena_dup(s, f[C_ITEM]);
	o.kind = arena_dup(s, f[C_KIND]);
	o.by = arena_dup(s, f[C_BY]);
	o.why = arena_dup(s, f[C_WHY]);
	o.date = arena_dup(s, f[C_DATE]);
	o.file = s->m->path;
	o.line = e->line;
	o.col = col;
	s->m->ov[s->m->nov++] = o;
}

/* Ids used twice, in the order of their hashes and then lines: each
 * repeat names the use before it. */
static void check_ids(struct scan *s)
{
	struct hash_line prev = {0, 0}, cur;
	bool first = true;
	int rc;

	if (!s->ids)
		return;
	while ((rc = ak_runsort_next(s->ids, &cur)) > 0) {
		if (!first && cur.h == prev.h) {
			s->bad = true;
			if (s->c) {
				char p[JCK_PATH], q[JCK_PATH];
				jck_idx(q, "/findings", (size_t)cur.line);
				jck_sub(p, q, "id");
				jck_problem(s->c, p, false,
				            "finding id already used by finding %ld",
				            prev.line + 1);
			} else {
				ak_diags_add(s->d, s->m->path, (int)cur.line, 0,
				             "finding id already used on line %ld", prev.line);
			}
		}
		prev = cur;
		first = false;
	}
	if (rc < 0)
		ids_failed(s);
}

/* ======================================================================
 * CSV
 * ====================================================================== */

struct csv_in {
	FILE *fp;
	struct csv_reader *r;
	int map[64]; /* column -> field, -1 unknown */
	size_t ncols;
};

static ak_err csv_begin(struct manual *m, struct csv_in *in, struct ak_diags *d)
{
	struct csv_record rec;
	size_t i;
	int rc, c;
	bool have_clause = false, have_finding = false;

	memset(in, 0, sizeof *in);
	in->fp = reopen(m);
	if (!in->fp) {
		ak_error("cannot open '%s': %s", m->path, strerror(errno));
		return AK_ERR_INPUT;
	}
	in->r = csv_open(in->fp, NULL);
	if (!in->r)
		return AK_ERR_NOMEM;
	rc = csv_read(in->r, &rec);
	if (rc < 0) {
		ak_diags_add(d, m->path, (int)csv_errline(in->r), 0, "%s", csv_errmsg(in->r));
		return AK_ERR_DATA;
	}
	if (rc == 0) {
		ak_diags_add(d, m->path, 0, 0, "empty file: a header row is needed");
		return AK_ERR_DATA;
	}
	if (rec.n > 64) {
		ak_diags_add(d, m->path, (int)rec.line, 0, "too many columns (%zu)", rec.n);
		return AK_ERR_DATA;
	}
	in->ncols = rec.n;
	for (i = 0; i < rec.n; i++) {
		const char *name = trim(rec.field[i]);
		in->map[i] = -1;
		for (c = 0; c < C_N; c++)
			if (strcmp(name, col_names[c]) == 0)
				break;
		if (c == C_N) {
			ak_diags_add(d, m->path, (int)rec.line, 0,
			             "unknown column '%s' (the columns are described in "
			             "docs/findings-format.md)",
			             name);
			return AK_ERR_DATA;
		}
		in->map[i] = c;
		have_clause |= c == C_CLAUSE;
		have_finding |= c == C_FINDING;
	}
	if (!have_clause && !have_finding) {
		ak_diags_add(d, m->path, (int)rec.line, 0,
		             "the header has neither \"clause\" nor \"finding\": is this a manual "
		             "findings file?");
		return AK_ERR_DATA;
	}
	return AK_OK;
}

static void csv_end(struct csv_in *in)
{
	csv_close(in->r);
	if (in->fp)
		fclose(in->fp);
}

/* The next record as an entry; 1, 0 at the end, -1 on error (reported). */
static int csv_next(struct manual *m, struct csv_in *in, struct entry *e, struct ak_diags *d,
                    bool *nomem)
{
	struct csv_record rec;
	size_t i;
	int rc = csv_read(in->r, &rec);

	if (rc < 0) {
		ak_diags_add(d, m->path, (int)csv_errline(in->r), 0, "%s", csv_errmsg(in->r));
		return -1;
	}
	if (rc == 0)
		return 0;
	memset(e, 0, sizeof *e);
	e->line = rec.line;
	if (rec.n != in->ncols) {
		ak_diags_add(d, m->path, (int)rec.line, 0, "row has %zu fields, the header has %zu",
		             rec.n, in->ncols);
		return -1;
	}
	for (i = 0; i < rec.n; i++) {
		if (strlen(rec.field[i]) != rec.len[i]) {
			ak_diags_add(d, m->path, (int)rec.line, 0, "field %zu holds a NUL byte",
			             i + 1);
			return -1;
		}
		/* Values are kept exactly (a leading tab is data); a field of
		 * nothing but blanks is absent. */
		if (rec.len[i] && rec.field[i][strspn(rec.field[i], " \t")])
			e->f[in->map[i]] = rec.field[i];
	}
	if (e->f[C_TYPE] && strcmp(trim((char *)e->f[C_TYPE]), "override") == 0)
		e->is_override = true;
	else if (e->f[C_TYPE] && strcmp(e->f[C_TYPE], "finding") != 0) {
		ak_diags_add(d, m->path, (int)rec.line, 0,
		             "\"type\" must be finding or override, not '%s'", e->f[C_TYPE]);
		return -1;
	}
	e->f[C_TYPE] = NULL;
	if (e->f[C_EVIDENCE] && !split((char *)e->f[C_EVIDENCE], '\n', &m->ev, &e->nev, &m->capev))
		*nomem = true;
	if (e->f[C_INTERVIEWEES] &&
	    !split((char *)e->f[C_INTERVIEWEES], ';', &m->who, &e->nwho, &m->capwho))
		*nomem = true;
	e->ev = m->ev;
	e->who = m->who;
	return 1;
}

static ak_err scan_csv(struct manual *m, struct scan *s)
{
	struct csv_in in;
	struct entry e;
	ak_err err = csv_begin(m, &in, s->d);
	int rc;

	if (err) {
		csv_end(&in);
		return err;
	}
	while ((rc = csv_next(m, &in, &e, s->d, &s->nomem)) > 0) {
		if (e.is_override)
			check_override(s, &e, 0);
		else
			check_finding(s, &e);
	}
	if (rc < 0)
		s->bad = true;
	csv_end(&in);
	if (!s->nomem && !s->ioerr)
		check_ids(s);
	return AK_OK;
}

/* ======================================================================
 * JSON
 * ====================================================================== */

/* A string field, or a list for evidence and interviewees. */
static void json_entry(struct scan *s, json_t *o, const char *path, bool override, struct entry *e)
{
	static const char *finding_f[C_N + 1], *override_f[C_N + 1];
	struct manual *m = s->m;
	int c, nf = 0, no = 0;

	if (!finding_f[0]) {
		for (c = 1; c < C_N; c++) {
			if (for_finding(c))
				finding_f[nf++] = col_names[c];
			if (for_override(c))
				override_f[no++] = col_names[c];
		}
	}
	memset(e, 0, sizeof *e);
	e->jpath = path;
	e->is_override = override;
	jck_fields(s->c, path, o, override ? override_f : finding_f,
	           override ? "an override" : "a finding");
	ak_buf_reset(&m->scratch);
	for (c = 1; c < C_N; c++) {
		json_t *v = json_object_get(o, col_names[c]);
		char p[JCK_PATH];
		size_t i;
		json_t *x;

		if (!v || json_is_null(v))
			continue;
		if ((c == C_EVIDENCE || c == C_INTERVIEWEES) && json_is_array(v)) {
			const char ***lst = c == C_EVIDENCE ? &m->ev : &m->who;
			size_t *n = c == C_EVIDENCE ? &e->nev : &e->nwho;
			size_t *cap = c == C_EVIDENCE ? &m->capev : &m->capwho;
			jck_sub(p, path, col_names[c]);
			json_array_foreach(v, i, x)
			{
				char ip[JCK_PATH];
				jck_idx(ip, p, i);
				if (!json_is_string(x)) {
					jck_problem(s->c, ip, false,
					            "entries of \"%s\" must be strings",
					            col_names[c]);
					continue;
				}
				if (json_string_length(x) == 0)
					continue;
				if (!ak_grow(lst, cap, *n + 1, sizeof **lst)) {
					s->nomem = true;
					return;
				}
				(*lst)[(*n)++] = json_string_value(x);
			}
			continue;
		}
		if (!json_is_string(v)) {
			jck_sub(p, path, col_names[c]);
			jck_problem(s->c, p, false, "\"%s\" must be a string, not %s", col_names[c],
			            jck_type(v));
			continue;
		}
		if (json_string_length(v) == 0)
			continue;
		e->f[c] = json_string_value(v);
	}
	/* Strings for lists are split in a copy; the copies live in the
	 * arena for overrides and in scratch otherwise (one entry at a time). */
	if (e->f[C_EVIDENCE] || e->f[C_INTERVIEWEES]) {
		char *ev = e->f[C_EVIDENCE] ? ak_arena_strdup(&m->a, e->f[C_EVIDENCE]) : NULL;
		char *who =
		    e->f[C_INTERVIEWEES] ? ak_arena_strdup(&m->a, e->f[C_INTERVIEWEES]) : NULL;
		if ((e->f[C_EVIDENCE] && !ev) || (e->f[C_INTERVIEWEES] && !who))
			s->nomem = true;
		if (ev && !split(ev, '\n', &m->ev, &e->nev, &m->capev))
			s->nomem = true;
		if (who && !split(who, ';', &m->who, &e->nwho, &m->capwho))
			s->nomem = true;
	}
	e->ev = m->ev;
	e->who = m->who;
}

static ak_err load_json(struct manual *m, struct jck *c, struct ak_diags *d, char **text)
{
	size_t len;
	ak_err err = AK_OK;

	if (m->spool) {
		len = m->nspool;
		if (!(*text = ak_strndup(m->spool, len)))
			return AK_ERR_NOMEM;
	} else if ((err = ak_read_text(m->path, MANUAL_MAX, 0, text, &len))) {
		return err;
	}
	m->root = jck_parse(c, m->path, *text, len, d);
	return m->root ? AK_OK : AK_ERR_DATA;
}

static ak_err scan_json(struct manual *m, struct scan *s)
{
	static const char *const top[] = {"format", "findings", "overrides", NULL};
	struct jck c;
	char *text = NULL;
	const char *fmt;
	json_t *arr, *o;
	size_t i;
	ak_err err;

	/* load_json may fail before jck_parse sets c up: out: reads it */
	memset(&c, 0, sizeof c);
	err = load_json(m, &c, s->d, &text);
	s->c = &c;
	if (err)
		goto out;
	if (!json_is_object(m->root)) {
		jck_problem(&c, "", false, "manual findings must be a JSON object, not %s",
		            jck_type(m->root));
		goto out;
	}
	jck_fields(&c, "", m->root, top, "manual findings");
	fmt = jck_str(&c, "", m->root, "format", JCK_REQUIRED);
	if (fmt && strcmp(fmt, MANUAL_FORMAT) != 0)
		jck_problem(&c, "/format", false,
		            "unsupported format '%s' (this auditkit reads %s)", fmt, MANUAL_FORMAT);
	if ((arr = jck_array(&c, "", m->root, "findings", 0)))
		json_array_foreach(arr, i, o)
		{
			char p[JCK_PATH];
			struct entry e;
			jck_idx(p, "/findings", i);
			if (!json_is_object(o)) {
				jck_problem(&c, p, false, "a finding must be an object");
				continue;
			}
			json_entry(s, o, p, false, &e);
			e.line = (long)i;
			check_finding(s, &e);
		}
	if ((arr = jck_array(&c, "", m->root, "overrides", 0)))
		json_array_foreach(arr, i, o)
		{
			char p[JCK_PATH];
			struct entry e;
			int line, col;
			jck_idx(p, "/overrides", i);
			if (!json_is_object(o)) {
				jck_problem(&c, p, false, "an override must be an object");
				continue;
			}
			json_entry(s, o, p, true, &e);
			jck_loc(&c, p, &line, &col);
			e.line = line;
			check_override(s, &e, col);
		}
	if (!s->nomem && !s->ioerr)
		check_ids(s);
out:
	s->bad |= c.bad;
	s->nomem |= c.nomem;
	jck_release(&c);
	s->c = NULL;
	free(text);
	return err == AK_ERR_DATA ? AK_OK : err;
}

ak_err manual_scan(struct manual *m, struct ak_diags *d)
{
	struct scan s;
	ak_err err;

	memset(&s, 0, sizeof s);
	s.m = m;
	s.d = d;
	err = m->csv ? scan_csv(m, &s) : scan_json(m, &s);
	ak_runsort_free(s.ids);
	if (!err && s.ioerr) {
		ak_error("cannot write a temporary file for the finding ids of '%s' (TMPDIR): %s",
		         m->path, strerror(s.ioerr));
		err = AK_ERR_OUTPUT;
	}
	if (!err && (s.nomem || d->oom))
		err = AK_ERR_NOMEM;
	if (!err && (s.bad || (!m->csv && !m->root)))
		err = AK_ERR_DATA;
	m->nfindings = s.ordinal;
	m->scanned = !err;
	return err;
}

/* ======================================================================
 * Handing the findings out
 * ====================================================================== */

static ak_err emit(struct manual *m, const struct entry *e, size_t ordinal,
                   ak_err (*fn)(const struct grade_finding *f, void *ctx), void *ctx)
{
	const char *const *v = e->f;
	struct grade_finding f;
	char id[32];
	size_t i;

	memset(&f, 0, sizeof f);
	if (!ak_grow(&m->q, &m->capq, e->nev + 1, sizeof *m->q))
		return AK_ERR_NOMEM;
	for (i = 0; i < e->nev; i++) {
		memset(&m->q[i], 0, sizeof m->q[i]);
		m->q[i].quote = e->ev[i];
		m->q[i].line = m->q[i].offset = -1;
	}
	snprintf(id, sizeof id, "M%zu", ordinal);
	f.id = v[C_ID] ? v[C_ID] : id;
	f.standard = v[C_STANDARD];
	f.clause = v[C_CLAUSE];
	f.item = v[C_ITEM];
	f.requirement = v[C_REQUIREMENT];
	f.kind = GK_MANUAL;
	grade_parse(v[C_GRADE], &f.grade);
	f.rule_grade = GRADE_NONE;
	f.rule = "manual";
	f.statement = v[C_STATEMENT];
	f.quotes = m->q;
	f.nquotes = e->nev;
	f.interviewees = e->who;
	f.ninterviewees = e->nwho;
	f.auditors = &v[C_AUDITOR];
	f.nauditors = 1;
	f.date = v[C_DATE];
	f.correction = v[C_CORRECTION];
	f.root_cause = v[C_ROOT_CAUSE];
	f.corrective_action = v[C_CORRECTIVE_ACTION];
	f.owner = v[C_OWNER];
	f.due = v[C_DUE];
	f.status = v[C_STATUS];
	return fn(&f, ctx);
}

ak_err manual_each(struct manual *m, ak_err (*fn)(const struct grade_finding *f, void *ctx),
                   void *ctx)
{
	struct ak_diags d = AK_DIAGS_INIT;
	struct entry e;
	size_t n = 0, i;
	ak_err err = AK_OK;

	if (!m->scanned)
		return AK_ERR_INTERNAL;
	if (m->csv) {
		struct csv_in in;
		bool nomem = false;
		int rc = 0;
		if (!(err = csv_begin(m, &in, &d)))
			while ((rc = csv_next(m, &in, &e, &d, &nomem)) > 0 && !nomem)
				if (!e.is_override && (err = emit(m, &e, ++n, fn, ctx)))
					break;
		csv_end(&in);
		if (!err && nomem)
			err = AK_ERR_NOMEM;
		else if (!err && (rc < 0 || d.n)) {
			/* the file changed between the passes */
			ak_diags_print(&d);
			err = AK_ERR_DATA;
		}
	} else {
		json_t *arr = json_object_get(m->root, "findings"), *o;
		struct scan s;
		struct jck c;
		memset(&s, 0, sizeof s);
		memset(&c, 0, sizeof c);
		c.d = &d;
		s.m = m;
		s.d = &d;
		s.c = &c;
		json_array_foreach(arr, i, o)
		{
			char p[JCK_PATH];
			jck_idx(p, "/findings", i);
			json_entry(&s, o, p, false, &e);
			if (s.nomem) {
				err = AK_ERR_NOMEM;
				break;
			}
			if ((err = emit(m, &e, ++n, fn, ctx)))
				break;
		}
	}
	ak_diags_release(&d);
	return err;
}
