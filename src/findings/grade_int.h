/* grade_int.h: what grade.c (issues into findings) and grade_rate.c
 * (grading, overrides, wording) share. Private to those two files. */
#ifndef AK_GRADE_INT_H
#define AK_GRADE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "findings/grade.h"
#include "findings/rules.h"

struct facts;

struct person {
	const char *name; /* key: the interviewee's name (or the notes file) */
	const char *role; /* code, or NULL */
	char *label;      /* "Chief operating officer (Sofia Lindqvist)", in the arena */
	const char *title; /* "Chief operating officer", or NULL */
	bool top;          /* in scope as top management */
	bool chief;        /* the chief executive (ceo, md) */
};

struct interview {
	const struct scored *s;
	size_t person;
};

struct req {
	struct grade_req pub;
	bool duty;
};

/* One statement a finding quotes. */
struct ev {
	size_t iv;
	long st;
	const char *cls, *record;
	bool against; /* delegation, negative, red flag, contradiction */
	long home;    /* the finding that quotes its line, when not this one; -1: this one */
};

/* A finding under construction. */
struct cand {
	const char *key;
	enum grade_kind kind;
	const char *clause, *item, *requirement; /* the primary requirement */
	long req;                                /* its index in reqs, -1 for 5.1 as a whole */
	bool coverage, duty;
	unsigned duties;   /* bit i: 5.1 item 'a'+i */
	long *reqs;        /* every requirement of its issues (malloc) */
	size_t nreqs, capreqs;
	size_t *issues;    /* indexes into the grader's issues (malloc) */
	size_t nissues, capissues;
	struct ev *ev;     /* malloc */
	size_t nev, capev;
	const char *fold_note; /* what was folded into it, when a finding lost its lines */
	bool dead;
	struct grade_finding f;
	struct rules_subject subj;
	const char *facts_text; /* the facts counted, for the reason */
	bool absorbed;          /* combined into a systemic finding */
};

struct issue {
	size_t iv;
	const struct scored_finding *pf;
	long req;
	long cand;
};

struct grader {
	struct ak_arena a;
	struct interview *iv;
	size_t niv, capiv;
	struct person *people;
	size_t npeople, cappeople;
	const struct grade_member *top;
	size_t ntop;
	const struct facts *facts;
	struct req *reqs;
	size_t nreqs, capreqs;
	int *best;    /* nreqs x npeople: score, -1 not evidenced */
	int *verdict; /* nreqs x npeople: 1 pass, 0 fail, -1 none */
	struct issue *issues;
	size_t nissues, capissues;
	struct cand *cands;
	size_t ncands, capcands;
	struct cand **out; /* the findings, in order */
	size_t nout;
	int ntop_in_scope;
	bool oom;
};

/* A copy of the buffer's text in the arena; the buffer is reset. */
const char *grade_keep(struct grader *g, struct ak_buf *b);
/* A new finding (the grader's array may move: pointers into it are
 * stale after the call); NULL when out of memory. */
struct cand *grade_cand_new(struct grader *g, const char *key, enum grade_kind kind);
/* Copy what c holds into into: its issues, requirements, duties, lines. */
void grade_absorb(struct grader *g, struct cand *into, struct cand *c);
/* Everything grade_rate.c does, after the findings are formed. */
ak_err grade_rate(struct grader *g, const struct rules *r, const struct grade_override *ov,
                  size_t nov, struct ak_diags *d);

#endif
