/* score_int.h: private to the scorer (score.c, judge.c, score_findings.c,
 * score_json.c).
 *
 * score.c reads the notes into statements and gives each its topics and
 * assertion status; judge.c turns them into evidence per requirement and
 * scores it by the decision table of docs/scoring.md; score_findings.c
 * proposes findings; score_json.c writes the scored interview. */
#ifndef AK_SCORE_INT_H
#define AK_SCORE_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/dates.h"
#include "core/text.h"
#include "score/context.h"
#include "score/notes.h"
#include "score/probes.h"
#include "score/score.h"
#include "score/statements.h"
#include "score/topics.h"

#define MAX_CONTRA 16
#define WHOLE_MAX (8u << 20) /* bytes of the interview the probes read */

/* What a statement is, as evidence on one topic. */
enum ev_class {
	EV_NONE,       /* on the topic, but no evidence either way (hypothetical, a question) */
	EV_GENERAL,    /* in favour, in general terms */
	EV_SPECIFIC,   /* in favour, with specifics: a figure, a date, a record, an example */
	EV_REPORTED,   /* knows what someone else does (counts for knowledge, not for a duty) */
	EV_INTENT,     /* an intention with nothing done yet */
	EV_NEGATIVE,   /* against: cannot answer, not done, not known */
	EV_DELEGATION, /* handed to someone else */
	EV_FLAG        /* the auditor's red flag */
};

struct evidence {
	size_t stmt;       /* index into the statements */
	size_t topic;      /* index into the bank's topics */
	enum ev_class cls;
	unsigned mods;     /* ctx categories on it */
	const char *why;   /* a static phrase: "the auditor's + mark", ... */
	size_t cue;        /* index of the deciding trigger in the statement's result, SIZE_MAX: none */
	bool prior;        /* the topic came from the heading or the context */
};

/* Per statement: its words, assertion result and topics. */
struct sinfo {
	struct words w;
	struct ctx_result ctx;
	struct topic_hits topics;
	bool self;         /* speaks of the interviewee (I, we, she, the own name) */
	bool other;        /* speaks of someone else doing it */
	bool specific;     /* holds a figure, a date, a name, an example */
	bool quoted;       /* in quotation marks: the interviewee's own words */
	bool auditor;      /* the auditor's own housekeeping or action: no evidence */
	bool confines;     /* "beyond ...", "the others, no": a denial that bounds the rest */
	size_t docs;       /* records the auditor cites on its line ([E: ...]) */
	const struct bank_question *q; /* the question its section answers, or NULL */
	int answered_by;   /* enum answered */
};

enum answered { ANS_NONE, ANS_FREE, ANS_CLAUSE, ANS_SECTION, ANS_TRANSCRIPT };

/* A probe result held for a topic. */
struct tprobe {
	struct bank_probe p;
	struct probe_result r;
	bool run;
};

struct contra {
	struct contradiction c;
	size_t stmt;
	size_t topic; /* the requirement its fact belongs to */
	size_t off, len; /* in the notes */
	const char *fact; /* "policy.version", ... */
};

/* The verdict on one topic. */
struct tjudge {
	bool evidenced;
	int score;   /* 0..3 when evidenced */
	bool delegation;
	int general, specific, reported, intent, negative, delegated, flags;
	int probes_met, probes_unmet;
	int confined; /* denials that bound what was known ("nothing beyond the OT money") */
	size_t ncontra;
	struct ak_buf reason;
	const char *rule; /* the row of the decision table */
};

/* A red-flag pattern of the bank, on the topic of its question. */
struct flag_rule {
	size_t topic;
	const struct bank_rule *r;
	const struct bank_question *q;
};

struct score_env {
	const struct bank *bank;
	struct flag_rule *flags; /* each (topic, pattern) once */
	size_t nflags;
	const struct facts *facts;
	struct ctx_rules *rules;
	struct ctx_matcher *m;
	struct topic_index *topics;
	struct probe_ctx *probes;
	char *rules_path;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_code *first_person, *specifics;
	const struct bank_topic **qtopic; /* each question's topic, found once */
};

/* The topic question q of the env's bank is on (bank_topic_for, kept). */
const struct bank_topic *score_question_topic(const struct score_env *e,
					      const struct bank_question *q);

struct scorer {
	const struct score_opts *o;
	struct score_env *env;
	const struct notes *n;
	struct ak_diags *d;
	struct ak_date interview;
	enum bank_role role;
	const char *interviewee, *role_name, *date, *auditor, *audit;
	bool has_audit;
	enum bank_audit audit_kind;
	const char *self[8]; /* the interviewee's names and initials */
	char selfbuf[8][48];
	size_t nself;
	struct stmts st;
	struct sinfo *si;
	struct evidence *ev;
	size_t nev, capev;
	size_t ntopics;
	struct tjudge *tj;      /* per topic */
	struct tprobe **tp;     /* per topic: its probes */
	size_t *ntp;
	struct contra contra[MAX_CONTRA];
	size_t ncontra;
	/* the interview as the probes read it */
	struct text whole;
	struct words wwords;
	struct date_hit *wdates;
	size_t nwdates;
	bool *wagainst, *dagainst;
	struct word_index *wix;
	size_t *wline;
	size_t *whole_stmt; /* whole.s byte -> statement, for quoting */
	size_t *sec_topic;  /* per section: the topic its heading names, SIZE_MAX: none */
	size_t (*sec_more)[3]; /* and the others it names ("## 5.1 f / h", "## 5.1 c / 7.1") */
	const struct bank_question **sec_q; /* per section: the question its heading names */
	bool *sec_skip;     /* per section: logistics ("Opening", "Closing"), no evidence */
	struct score_warn {
		int line;
		char message[512];
	} *warn;            /* about the notes */
	size_t nwarn, capwarn;
	bool oom;
	bool failed;
};


/* Give every statement its topics and evidence (judge.c). */
bool judge_statements(struct scorer *s);
/* Probes and contradictions on the whole interview (judge.c). */
bool judge_records(struct scorer *s);
/* What each statement says that the records deny (claims.c): into
 * s->contra, each on the requirement its fact belongs to. */
void claims_find(struct scorer *s);
/* The decision table, per topic (judge.c). */
void judge_topics(struct scorer *s);
/* The same table over a subset of evidence: the statements of one section
 * (a question's own answer). */
int judge_subset(const struct scorer *s, size_t topic, const bool *in_stmt, struct ak_buf *reason);

const char *ev_class_name(enum ev_class c);

/* The questions the notes answer, each with the statements of its answer. */
struct score_qent {
	const struct bank_question *q;
	size_t topic;
	int by;   /* enum answered */
	bool *in; /* statements of its answer (owned) */
};
struct score_qset {
	struct score_qent *v;
	size_t n, cap;
};
bool score_find_questions(struct scorer *s, struct score_qset *qs);
void score_qset_release(struct score_qset *qs);

struct jw;
/* Members {quote, offset, line, context} of a span of the notes, into the
 * object being written (score_json.c). */
void score_span_members(struct jw *w, const struct notes *n, size_t off, size_t len);
bool score_is_coverage(const struct bank *b, const struct bank_topic *t);
/* The proposed findings, as the array being written (score_findings.c). */
void score_propose(struct scorer *s, struct jw *w, const struct score_qset *qs, struct score_summary *sum);
/* The scored interview, appended to out as JSON text (score_json.c);
 * false when out of memory. */
bool score_write(struct scorer *s, const char *notes_sha256, struct ak_buf *out, struct score_summary *sum);

#endif
