/* script.c: writing interview scripts (script.h).
 *
 * All three formats walk the same plan and the same "records to check"
 * lists, built once per question from its probes and the facts, so the
 * Markdown, HTML and JSON of one run always agree. */
#include "interview/script.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/textin.h"
#include "core/jpos.h"
#include "core/util.h"

/* ======================================================================
 * Names
 * ====================================================================== */

const char *render_role_title(enum bank_role r)
{
	static const char *const t[BANK_NROLES] = {
		"chief executive officer", "board member",          "chief financial officer",
		"chief operating officer", "chief information security officer",
		"chief information officer", "department head",     "management system manager",
	};
	return r < BANK_NROLES ? t[r] : "?";
}

const char *render_audit_title(enum bank_audit a)
{
	static const char *const t[BANK_NAUDITS] = {
		"stage 1 audit", "stage 2 audit", "surveillance audit", "recertification audit",
		"internal audit",
	};
	return a < BANK_NAUDITS ? t[a] : "?";
}

/* ======================================================================
 * The records to check beside a question
 * ====================================================================== */

#define MAX_CHECKS 16
#define MAX_VALUES 64

struct check {
	const char *label;
	char *vals[MAX_VALUES]; /* owned */
	size_t n;
};

struct checks {
	struct check v[MAX_CHECKS];
	size_t n;
	bool oom;
};

static struct check *check_new(struct checks *c, const char *label)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].label, label) == 0)
			return NULL; /* two probes on one fact: show it once */
	if (c->n == MAX_CHECKS)
		return NULL;
	c->v[c->n].label = label;
	c->v[c->n].n = 0;
	return &c->v[c->n++];
}

/* The record lists a script has shown in full: each once, later
 * questions point back at the first (a label is a static string). */
struct shown {
	const char *label[MAX_CHECKS * 4];
	size_t at[MAX_CHECKS * 4]; /* the question it was shown under */
	size_t n;
};

/* The question label was first shown under, or SIZE_MAX (and now i). */
static size_t shown_at(struct shown *sh, const char *label, size_t i)
{
	size_t k;

	for (k = 0; k < sh->n; k++)
		if (strcmp(sh->label[k], label) == 0)
			return sh->at[k];
	if (sh->n < sizeof sh->label / sizeof *sh->label) {
		sh->label[sh->n] = label;
		sh->at[sh->n++] = i;
	}
	return SIZE_MAX;
}

static void check_add(struct checks *c, struct check *k, char *s)
{
	if (!s) {
		c->oom = true;
		return;
	}
	if (!k || k->n == MAX_VALUES) {
		free(s);
		return;
	}
	k->vals[k->n++] = s;
}

static void check_one(struct checks *c, const char *label, const char *value, const char *field)
{
	struct check *k = check_new(c, label);

	if (!k)
		return;
	if (value)
		check_add(c, k, ak_strdup(value));
	else
		check_add(c, k, ak_asprintf("not in the records (%s): ask to see it", field));
}

static void check_list(struct checks *c, const char *label, struct facts_list l, const char *field)
{
	struct check *k = check_new(c, label);
	size_t i;

	if (!k)
		return;
	for (i = 0; i < l.n; i++)
		check_add(c, k, ak_strdup(l.v[i]));
	if (l.n == 0)
		check_add(c, k, ak_asprintf("not in the records (%s): ask to see it", field));
}

/* Beside the review's date, who was there and who sent apologies: "I was
 * at the September review" is checked against them. k is that check. */
static void review_people(struct checks *c, struct check *k, const struct facts_review *rev)
{
	const struct facts_list *l[2] = {&rev->attendees, &rev->apologies};
	const char *what[2] = {"present: ", "apologies: "};
	size_t i, j;

	for (i = 0; i < 2; i++) {
		struct ak_buf b = AK_BUF_INIT;
		if (!l[i]->n && !(i == 1 && rev->has_apologies))
			continue;
		ak_buf_adds(&b, what[i]);
		for (j = 0; j < l[i]->n; j++)
			ak_buf_printf(&b, "%s%s", j ? ", " : "", l[i]->v[j]);
		if (!l[i]->n)
			ak_buf_adds(&b, "none");
		check_add(c, k, ak_buf_failed(&b) ? (ak_buf_release(&b), NULL) : ak_buf_detach(&b));
		ak_buf_release(&b);
	}
	if (rev->chair)
		check_add(c, k, ak_asprintf("chaired by %s", rev->chair));
}

/* Each decision with the owner and amount the minutes give it. */
static void review_decisions(struct checks *c, const struct facts_review *rev)
{
	struct check *k;
	size_t i;

	if (!rev || !rev->decisions.n || !rev->decision_items) {
		check_list(c, "Management review decisions", (struct facts_list){NULL, 0},
			   "management_review.decisions");
		return;
	}
	if (!(k = check_new(c, "Management review decisions")))
		return;
	for (i = 0; i < rev->decisions.n; i++) {
		const struct facts_decision *d = &rev->decision_items[i];
		if (d->owner || d->amount)
			check_add(c, k, ak_asprintf("%s (%s%s%s)", d->decision,
						    d->owner ? d->owner : "",
						    d->owner && d->amount ? "; " : "",
						    d->amount ? d->amount : ""));
		else
			check_add(c, k, ak_strdup(d->decision));
	}
}

static char *risk_line(const struct facts_risk *r)
{
	struct ak_buf b = AK_BUF_INIT;

	ak_buf_printf(&b, "%s %s", r->id, r->title);
	if (!isnan(r->level)) {
		ak_buf_printf(&b, " (level %g", r->level);
		if (r->level_label)
			ak_buf_printf(&b, ", %s", r->level_label);
		ak_buf_adds(&b, ")");
	}
	if (r->owner)
		ak_buf_printf(&b, "; owner %s", r->owner);
	if (r->treatment)
		ak_buf_printf(&b, "; %s", r->treatment);
	return ak_buf_detach(&b);
}

static void checks_build(const struct bank_question *q, const struct facts *f, struct checks *c)
{
	const struct facts_policy *pol;
	const struct facts_review *rev;
	static const struct facts_list none = {NULL, 0};
	size_t i, j;

	memset(c, 0, sizeof *c);
	if (!f || q->n_probes == 0)
		return;
	pol = facts_policy(f);
	rev = facts_review(f);
	for (i = 0; i < q->n_probes; i++) {
		const struct bank_probe *p = &q->probes[i];
		struct check *k;
		switch (p->kind) {
		case PROBE_TOP_RISKS:
			k = check_new(c, "Top risks in the register");
			if (!k)
				break;
			for (j = 0; j < facts_nrisks(f) && j < (size_t)p->of; j++)
				check_add(c, k, risk_line(facts_risk(f, j)));
			if (facts_nrisks(f) == 0)
				check_add(c, k, ak_strdup("no risks in the records: ask for the register"));
			break;
		case PROBE_POLICY_COMMITMENTS:
			check_list(c, "Policy commitments", pol->commitments, "policy.commitments");
			break;
		case PROBE_POLICY_OBJECTIVES:
			check_list(c, "Objectives", pol->objectives, "policy.objectives");
			break;
		case PROBE_POLICY_VERSION:
			check_one(c, "Policy version", pol->version, "policy.version");
			break;
		case PROBE_POLICY_APPROVAL:
			check_one(c, "Policy approved", pol->approved, "policy.approved");
			break;
		case PROBE_POLICY_APPROVER:
			check_one(c, "Policy approved by", pol->approver, "policy.approver");
			break;
		case PROBE_POLICY_OWNER:
			check_one(c, "Policy owner", pol->owner, "policy.owner");
			break;
		case PROBE_ISMS_OWNER:
			check_one(c, "Management system owner", facts_isms_owner(f), "roles: ISMS owner");
			break;
		case PROBE_ROLES:
			k = check_new(c, "Named roles");
			if (!k)
				break;
			for (j = 0; j < facts_nroles(f); j++)
				check_add(c, k, ak_asprintf("%s: %s", facts_role(f, j)->role,
							    facts_role(f, j)->name));
			if (facts_nroles(f) == 0)
				check_add(c, k, ak_strdup("not in the records (roles): ask to see them"));
			break;
		case PROBE_REVIEW_DATE:
			j = c->n;
			check_one(c, "Last management review", rev ? rev->date : NULL,
				  "management_review.date");
			if (rev && c->n > j) /* the check is new */
				review_people(c, &c->v[c->n - 1], rev);
			break;
		case PROBE_REVIEW_DECISIONS:
			review_decisions(c, rev);
			break;
		case PROBE_REVIEW_RESOURCES:
			check_list(c, "Resources approved", rev ? rev->resources : none,
				   "management_review.resources");
			break;
		case PROBE_NKINDS:
			break;
		}
	}
}

static void checks_release(struct checks *c)
{
	size_t i, j;

	for (i = 0; i < c->n; i++)
		for (j = 0; j < c->v[i].n; j++)
			free(c->v[i].vals[j]);
	c->n = 0;
}

/* ======================================================================
 * Fixed text of the opening and closing (our own words)
 * ====================================================================== */

static const char *const opening[] = {
	"Thank them for their time; introduce the audit team and your role.",
	"Say what this interview is for: how top management lead and support the management "
	"system, not a test of the standard's wording.",
	"Agree the time available and that you will take notes; explain that answers are "
	"confirmed against records.",
	"Ask them to describe their own role and what the management system means for the "
	"business, in a sentence or two.",
	NULL,
};

static const char *const closing[] = {
	"Summarise what you heard, and say which records you still want to see.",
	"Ask whether there is anything they expected to be asked and were not.",
	"Explain what happens next: findings are discussed at the closing meeting, not now.",
	"Thank them.",
	NULL,
};

const char *const *render_opening(void) { return opening; }
const char *const *render_closing(void) { return closing; }

void render_heading(char *buf, size_t n, const struct bank_question *q)
{
	snprintf(buf, n, "%s: %s%s%s, %d min", q->id, q->clause, q->item ? " " : "",
		 q->item ? q->item : "", q->minutes);
}

static const char *const agenda_opening =
	"Introductions, the purpose of the interview and how long it takes.";
static const char *const agenda_closing = "Summary, records to follow up, next steps.";

/* ======================================================================
 * Markdown
 * ====================================================================== */

/* Text on one line: newlines from outside records would break the layout
 * (and the notes parser), so they become spaces. */
static void md_text(FILE *fp, const char *s)
{
	/* any control character: an escape code would act on the auditor's
	 * terminal, a form feed or vertical tab ends a line in some editors */
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7F ? ' ' : *s, fp);
}

/* "> - text" on one line. */
static void md_item(FILE *fp, const char *prefix, const char *s)
{
	fputs(prefix, fp);
	md_text(fp, s);
	fputc('\n', fp);
}

/* The organisation: the records' name for it, else audit.json's. */
static const char *org_name(const struct facts *f, const struct render_meta *m)
{
	return f && facts_org_name(f) ? facts_org_name(f) : m->organisation;
}

static void md_front_matter(FILE *fp, const struct bank *b, const struct facts *f,
			    const struct render_meta *m)
{
	fprintf(fp, "---\nformat: auditkit-notes/1\n");
	/* names may come from audit.json as well as the command line: kept on
	 * their line whatever they hold */
	fprintf(fp, "interviewee: ");
	md_text(fp, m->interviewee ? m->interviewee : "");
	fprintf(fp, "\nrole: %s\n", bank_role_name(m->role));
	fprintf(fp, "date: %s\n", m->date ? m->date : "");
	fprintf(fp, "auditor: ");
	md_text(fp, m->auditor ? m->auditor : "");
	fputc('\n', fp);
	fprintf(fp, "audit: %s\n", bank_audit_name(m->audit));
	fprintf(fp, "organisation: ");
	if (org_name(f, m))
		md_text(fp, org_name(f, m));
	fprintf(fp, "\nbank: %s %s\n", bank_id(b), bank_version(b));
	/* a seed given is part of how the script was made; the default is noise */
	if (m->seed)
		fprintf(fp, "seed: %llu\n", (unsigned long long)m->seed);
	fprintf(fp, "---\n\n");
}

static void md_coverage(FILE *fp, const struct bank *b, const struct plan *p)
{
	size_t i;

	if (p->ngaps == 0)
		return;
	fprintf(fp, "> **Not covered by this script:**\n");
	for (i = 0; i < p->ngaps; i++) {
		const char *t = bank_item_text(b, p->gaps[i].clause, p->gaps[i].item);
		fprintf(fp, "> - %s %s (%s): %s\n", p->gaps[i].clause, p->gaps[i].item, t ? t : "",
			p->gaps[i].no_question ? "no question in the bank suits this role and audit"
					       : "left out for time");
	}
	fprintf(fp, ">\n");
}

static void md_auditor(FILE *fp, const struct bank *b, const struct plan *p,
		       const struct facts *f, const struct render_meta *m)
{
	struct shown sh = {.n = 0};
	size_t i, j, k;

	md_front_matter(fp, b, f, m);
	fprintf(fp, "# Interview script: %s, %s\n\n", render_role_title(m->role),
		render_audit_title(m->audit));
	fprintf(fp, "> %s, bank %s %s. %zu questions, about %d minutes", bank_standard(b), bank_id(b),
		bank_version(b), p->n, p->total_minutes);
	if (m->minutes)
		fprintf(fp, " of the %d available", m->minutes);
	fprintf(fp, ". Key questions first.\n>\n");
	fprintf(fp, "> Auditor's copy: it shows what good evidence looks like and the records to "
		    "check. Give the interviewee the agenda (`--audience interviewee`).\n");
	fprintf(fp, "> Write your notes under each question; lines that start with `>` are the "
		    "script and are not scored. Shorthand: `+` positive, `-` negative, `?` unclear, "
		    "`!` red flag, `[E: ...]` record seen.\n>\n");
	md_coverage(fp, b, p);
	if (p->ndropped)
		fprintf(fp, "> %zu more question%s would suit but did not fit the time.\n\n",
			p->ndropped, p->ndropped == 1 ? "" : "s");
	else
		fprintf(fp, "\n");

	fprintf(fp, "## Opening (%d min)\n\n", m->opening_minutes);
	for (i = 0; opening[i]; i++)
		fprintf(fp, "> - %s\n", opening[i]);
	fprintf(fp, "\n");

	for (i = 0; i < p->n; i++) {
		const struct bank_question *q = p->items[i].q;
		const char *it = bank_item_text(b, q->clause, q->item);
		struct checks c;

		char heading[256];
		render_heading(heading, sizeof heading, q);
		fprintf(fp, "## %s\n\n", heading);
		fprintf(fp, "> *%s", bank_clause_title(b, q->clause));
		if (it)
			fprintf(fp, ": %s", it);
		fprintf(fp, "* (priority %d, %s%s)\n>\n", q->priority, bank_angle_name(q->angle),
			p->items[i].repeated ? "; asked at an earlier audit, nothing else covers this"
					     : "");
		md_item(fp, "> **Ask:** ", q->question);
		fprintf(fp, ">\n> **Follow up:**\n");
		for (j = 0; j < q->follow_ups.n; j++)
			md_item(fp, "> - ", q->follow_ups.v[j]);
		fprintf(fp, ">\n> **Good evidence:**\n");
		for (j = 0; j < q->good.n; j++)
			md_item(fp, "> - ", q->good.v[j]);
		checks_build(q, f, &c);
		if (c.n) {
			fprintf(fp, ">\n> **Check against the records:**\n");
			for (j = 0; j < c.n; j++) {
				size_t at = c.v[j].n > 1 ? shown_at(&sh, c.v[j].label, i) : SIZE_MAX;
				fprintf(fp, "> - %s:", c.v[j].label);
				if (at != SIZE_MAX) {
					fprintf(fp, " as listed under %s above\n", p->items[at].q->id);
					continue;
				}
				if (c.v[j].n == 1) {
					fputc(' ', fp);
					md_text(fp, c.v[j].vals[0]);
					fputc('\n', fp);
					continue;
				}
				fputc('\n', fp);
				for (k = 0; k < c.v[j].n; k++) {
					fprintf(fp, ">   - ");
					md_text(fp, c.v[j].vals[k]);
					fputc('\n', fp);
				}
			}
		}
		checks_release(&c);
		fprintf(fp, "\n\n\n");
	}

	fprintf(fp, "## Closing (%d min)\n\n", m->closing_minutes);
	for (i = 0; closing[i]; i++)
		fprintf(fp, "> - %s\n", closing[i]);
}

/* The agenda's slot: "Stage 2 audit with the chief executive officer
 * (Maria Keller). 2026-11-18, 10:00, Board room. Auditor: Jonas Osei.
 * About 30 minutes." */
static void md_slot(FILE *fp, const struct plan *p, const struct render_meta *m)
{
	const char *t = render_audit_title(m->audit);
	const char *parts[3] = {m->date, m->time, m->place};
	const char *sep = " ";
	size_t i;

	fprintf(fp, "%c%s with the %s", toupper((unsigned char)t[0]), t + 1, render_role_title(m->role));
	if (m->interviewee) {
		fputs(" (", fp);
		md_text(fp, m->interviewee);
		fputc(')', fp);
	}
	fputc('.', fp);
	for (i = 0; i < 3; i++)
		if (parts[i]) {
			fputs(sep, fp);
			md_text(fp, parts[i]);
			sep = ", ";
		}
	if (sep[0] == ',')
		fputc('.', fp);
	if (m->auditor) {
		fputs(" Auditor: ", fp);
		md_text(fp, m->auditor);
		fputc('.', fp);
	}
	fprintf(fp, " About %d minutes.\n\n", p->total_minutes);
}

/* Whether the plan asks anything of clause cl. */
static bool plan_has_clause(const struct plan *p, const char *cl)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->items[i].q->clause, cl) == 0)
			return true;
	return false;
}

/* The agenda: the topics, each clause once, in the standard's order; the
 * questions' words only with --agenda questions, since an interviewee who
 * has read "give me your top three risks" can be briefed, and the test of
 * whether top management know their ISMS is spoiled. */
static void md_interviewee(FILE *fp, const struct bank *b, const struct plan *p,
			   const struct facts *f, const struct render_meta *m)
{
	size_t i, n = 0;

	fprintf(fp, "# Interview agenda");
	if (org_name(f, m)) {
		fprintf(fp, ": ");
		md_text(fp, org_name(f, m));
	}
	fprintf(fp, "\n\n");
	md_slot(fp, p, m);
	fprintf(fp, "The audit team would like to hear, in your own words, how you lead and support "
		    "the management system that %s asks for. There are no trick questions and "
		    "nothing to prepare; if a record answers a question better than words, we may "
		    "ask to see it.\n\n",
		    bank_standard(b));
	fprintf(fp, "1. Opening: %s\n", agenda_opening);
	for (size_t r = 0; r < bank_nclauses(b); r++) {
		const char *cl = bank_clause(b, r);
		if (!plan_has_clause(p, cl))
			continue;
		n++;
		fprintf(fp, "%zu. %s (clause %s)\n", n + 1, bank_clause_title(b, cl), cl);
		if (!m->agenda_questions)
			continue;
		for (i = 0; i < p->n; i++)
			if (strcmp(p->items[i].q->clause, cl) == 0)
				md_item(fp, "   - ", p->items[i].q->question);
	}
	fprintf(fp, "%zu. Closing: %s\n", n + 2, agenda_closing);
}

/* ======================================================================
 * HTML (self-contained, printable)
 * ====================================================================== */

static void html_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static const char *const css =
	"body{font:11pt/1.45 Georgia,'DejaVu Serif',serif;max-width:46em;margin:2em auto;"
	"padding:0 1em;color:#111}\n"
	"h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.1em;margin:1.6em 0 .3em;"
	"border-bottom:1px solid #999}\n"
	".meta{color:#444;font-size:.95em}.meta td{padding:0 1.2em 0 0}\n"
	".ask{font-size:1.08em;font-weight:bold}.clause{color:#555;font-style:italic}\n"
	".gap{background:#fff4e0;border-left:4px solid #e0a030;padding:.4em .8em}\n"
	".check{background:#eef4fb;border-left:4px solid #4a7ab0;padding:.3em .8em}\n"
	".notes{border:1px solid #aaa;min-height:7em;margin-top:.6em;"
	"background:repeating-linear-gradient(#fff 0 1.6em,#ddd 1.6em calc(1.6em + 1px))}\n"
	"section{break-inside:auto}h2,.ask{break-after:avoid}.notes{break-inside:avoid}\n"
	"@media print{body{margin:0;max-width:none}a{color:inherit}}\n"
	"@page{margin:18mm}\n";

static void html_list(FILE *fp, struct bank_strings s)
{
	size_t i;

	fputs("<ul>", fp);
	for (i = 0; i < s.n; i++) {
		fputs("<li>", fp);
		html_text(fp, s.v[i]);
		fputs("</li>", fp);
	}
	fputs("</ul>\n", fp);
}

/* The agenda in HTML: as md_interviewee, topics unless --agenda questions. */
static void html_agenda(FILE *fp, const struct bank *b, const struct plan *p,
			const struct render_meta *m)
{
	size_t r, i;

	fputs("<p>The audit team would like to hear, in your own words, how you lead and support "
	      "the management system that ", fp);
	html_text(fp, bank_standard(b));
	fputs(" asks for. There are no trick questions and nothing to prepare; if a record answers "
	      "a question better than words, we may ask to see it.</p>\n<ol>\n", fp);
	fprintf(fp, "<li>Opening: %s</li>\n", agenda_opening);
	for (r = 0; r < bank_nclauses(b); r++) {
		const char *cl = bank_clause(b, r);
		if (!plan_has_clause(p, cl))
			continue;
		fputs("<li>", fp);
		html_text(fp, bank_clause_title(b, cl));
		fprintf(fp, " (clause %s)", cl);
		if (m->agenda_questions) {
			fputs("<ul>", fp);
			for (i = 0; i < p->n; i++)
				if (strcmp(p->items[i].q->clause, cl) == 0) {
					fputs("<li>", fp);
					html_text(fp, p->items[i].q->question);
					fputs("</li>", fp);
				}
			fputs("</ul>", fp);
		}
		fputs("</li>\n", fp);
	}
	fprintf(fp, "<li>Closing: %s</li>\n</ol>\n</body>\n</html>\n", agenda_closing);
}

static void html_script(FILE *fp, const struct bank *b, const struct plan *p,
			const struct facts *f, const struct render_meta *m)
{
	bool auditor = m->audience == RENDER_AUDITOR;
	struct shown sh = {.n = 0};
	size_t i, j, k;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", fp);
	fprintf(fp, "%s: %s, %s", auditor ? "Interview script" : "Interview agenda",
		render_role_title(m->role), render_audit_title(m->audit));
	fprintf(fp, "</title>\n<style>\n%s@page{size:%s}\n</style>\n</head>\n<body>\n", css,
		m->paper == RENDER_LETTER ? "letter" : "A4");
	fprintf(fp, "<h1>%s: %s, %s</h1>\n", auditor ? "Interview script" : "Interview agenda",
		render_role_title(m->role), render_audit_title(m->audit));
	fputs("<table class=\"meta\">\n", fp);
	if (org_name(f, m)) {
		fputs("<tr><td>Organisation</td><td>", fp);
		html_text(fp, org_name(f, m));
		fputs("</td></tr>\n", fp);
	}
	fputs("<tr><td>Interviewee</td><td>", fp);
	html_text(fp, m->interviewee ? m->interviewee : "");
	fputs("</td></tr>\n<tr><td>Date</td><td>", fp);
	html_text(fp, m->date ? m->date : "");
	if (m->time) {
		fputs(", ", fp);
		html_text(fp, m->time);
	}
	fputs("</td></tr>\n", fp);
	if (m->place) {
		fputs("<tr><td>Place</td><td>", fp);
		html_text(fp, m->place);
		fputs("</td></tr>\n", fp);
	}
	if (auditor || m->auditor) {
		fputs("<tr><td>Auditor</td><td>", fp);
		html_text(fp, m->auditor ? m->auditor : "");
		fputs("</td></tr>\n", fp);
	}
	if (auditor) {
		fputs("<tr><td>Bank</td><td>", fp);
		html_text(fp, bank_standard(b));
		fprintf(fp, ", %s %s", bank_id(b), bank_version(b));
		if (m->seed)
			fprintf(fp, ", seed %llu", (unsigned long long)m->seed);
		fputs("</td></tr>\n", fp);
	}
	fprintf(fp, "<tr><td>Time</td><td>about %d minutes", p->total_minutes);
	if (auditor && m->minutes)
		fprintf(fp, " of %d", m->minutes);
	if (auditor)
		fprintf(fp, ", %zu questions", p->n);
	fputs("</td></tr>\n</table>\n", fp);
	if (!auditor) {
		html_agenda(fp, b, p, m);
		return;
	}
	if (auditor && p->ngaps) {
		fputs("<p class=\"gap\"><strong>Not covered by this script:</strong><br>\n", fp);
		for (i = 0; i < p->ngaps; i++) {
			const char *t = bank_item_text(b, p->gaps[i].clause, p->gaps[i].item);
			fprintf(fp, "%s %s (", p->gaps[i].clause, p->gaps[i].item);
			html_text(fp, t ? t : "");
			fprintf(fp, "): %s<br>\n", p->gaps[i].no_question
							 ? "no question suits this role and audit"
							 : "left out for time");
		}
		fputs("</p>\n", fp);
	}
	fprintf(fp, "<section>\n<h2>Opening (%d min)</h2>\n", m->opening_minutes);
	if (auditor) {
		fputs("<ul>", fp);
		for (i = 0; opening[i]; i++)
			fprintf(fp, "<li>%s</li>", opening[i]);
		fputs("</ul>\n", fp);
	} else {
		fprintf(fp, "<p>%s</p>\n", agenda_opening);
	}
	fputs("</section>\n", fp);
	for (i = 0; i < p->n; i++) {
		const struct bank_question *q = p->items[i].q;
		const char *it = bank_item_text(b, q->clause, q->item);
		fputs("<section>\n<h2>", fp);
		if (auditor)
			fprintf(fp, "%zu. ", i + 1);
		html_text(fp, bank_clause_title(b, q->clause));
		fprintf(fp, " (%s%s%s)", q->clause, q->item ? " " : "", q->item ? q->item : "");
		if (auditor) {
			fputs(" <small>", fp);
			html_text(fp, q->id);
			fprintf(fp, ", %d min</small>", q->minutes);
		}
		fputs("</h2>\n", fp);
		if (auditor && it) {
			fputs("<p class=\"clause\">", fp);
			html_text(fp, it);
			fputs("</p>\n", fp);
		}
		fputs("<p class=\"ask\">", fp);
		html_text(fp, q->question);
		fputs("</p>\n", fp);
		if (auditor) {
			struct checks c;
			fputs("<p>Follow up:</p>", fp);
			html_list(fp, q->follow_ups);
			fputs("<p>Good evidence:</p>", fp);
			html_list(fp, q->good);
			checks_build(q, f, &c);
			if (c.n) {
				fputs("<div class=\"check\"><p>Check against the records:</p><ul>", fp);
				for (j = 0; j < c.n; j++) {
					size_t at = c.v[j].n > 1 ? shown_at(&sh, c.v[j].label, i) : SIZE_MAX;
					fprintf(fp, "<li>%s:", c.v[j].label);
					if (at != SIZE_MAX) {
						fprintf(fp, " as listed under question %zu above</li>\n", at + 1);
						continue;
					}
					fputs(c.v[j].n > 1 ? "<ul>" : " ", fp);
					for (k = 0; k < c.v[j].n; k++) {
						if (c.v[j].n > 1)
							fputs("<li>", fp);
						html_text(fp, c.v[j].vals[k]);
						if (c.v[j].n > 1)
							fputs("</li>", fp);
					}
					fputs(c.v[j].n > 1 ? "</ul></li>\n" : "</li>\n", fp);
				}
				fputs("</ul></div>\n", fp);
			}
			checks_release(&c);
			/* room to write in proportion to the question's minutes:
			 * about three ruled lines a minute */
			fprintf(fp, "<div class=\"notes\" style=\"min-height:%.1fem\"></div>\n",
				1.6 * 3 * (q->minutes < 1 ? 1 : q->minutes > 15 ? 15 : q->minutes));
		}
		fputs("</section>\n", fp);
	}
	fprintf(fp, "<section>\n<h2>Closing (%d min)</h2>\n", m->closing_minutes);
	if (auditor) {
		fputs("<ul>", fp);
		for (i = 0; closing[i]; i++)
			fprintf(fp, "<li>%s</li>", closing[i]);
		fputs("</ul>\n", fp);
	} else {
		fprintf(fp, "<p>%s</p>\n", agenda_closing);
	}
	fputs("</section>\n</body>\n</html>\n", fp);
}

/* ======================================================================
 * JSON (docs/script-format.md)
 * ====================================================================== */

static json_t *jstrings(struct bank_strings s)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < s.n; i++)
		json_array_append_new(a, json_string(s.v[i]));
	return a;
}

static json_t *jstr_or_null(const char *s) { return s ? json_string(s) : json_null(); }

json_t *render_script_json(const struct bank *b, const struct plan *p, const struct facts *f,
			   const struct render_meta *m)
{
	bool auditor = m->audience == RENDER_AUDITOR;
	json_t *root = json_object(), *qs = json_array(), *gaps = json_array();
	json_t *covered = json_array(), *dropped = json_array(), *asked = json_array();
	struct bank_strings cov = bank_coverage(b);
	size_t i, j, k;

	json_object_set_new(root, "format", json_string(SCRIPT_FORMAT));
	json_object_set_new(root, "generator", json_string("auditkit " AK_VERSION));
	json_object_set_new(root, "bank", json_pack("{s:s, s:s, s:s}", "id", bank_id(b), "version",
						    bank_version(b), "standard", bank_standard(b)));
	json_object_set_new(root, "audience", json_string(auditor ? "auditor" : "interviewee"));
	json_object_set_new(root, "role", json_string(bank_role_name(m->role)));
	json_object_set_new(root, "audit", json_string(bank_audit_name(m->audit)));
	json_object_set_new(root, "organisation", jstr_or_null(org_name(f, m)));
	json_object_set_new(root, "interviewee", jstr_or_null(m->interviewee));
	json_object_set_new(root, "auditor", jstr_or_null(m->auditor));
	json_object_set_new(root, "date", jstr_or_null(m->date));
	json_object_set_new(root, "minutes", m->minutes ? json_integer(m->minutes) : json_null());
	json_object_set_new(root, "seed", json_integer((json_int_t)(m->seed & 0x7FFFFFFFFFFFFFFFULL)));
	json_object_set_new(root, "opening_minutes", json_integer(m->opening_minutes));
	json_object_set_new(root, "closing_minutes", json_integer(m->closing_minutes));
	json_object_set_new(root, "question_minutes", json_integer(p->question_minutes));
	json_object_set_new(root, "total_minutes", json_integer(p->total_minutes));
	for (i = 0; i < p->n; i++)
		if (p->items[i].coverage)
			json_array_append_new(covered, json_sprintf("%s %s", p->items[i].q->clause,
								     p->items[i].q->item));
	for (i = 0; i < p->ngaps; i++)
		json_array_append_new(
			gaps, json_pack("{s:s, s:s, s:s, s:s}", "clause", p->gaps[i].clause, "item",
					p->gaps[i].item, "requirement",
					bank_item_text(b, p->gaps[i].clause, p->gaps[i].item),
					"reason", p->gaps[i].no_question ? "no question" : "time"));
	json_object_set_new(root, "coverage",
			    json_pack("{s:o, s:o, s:o}", "clauses", jstrings(cov), "covered", covered,
				      "left_out", gaps));
	for (i = 0; i < p->n; i++) {
		const struct bank_question *q = p->items[i].q;
		json_t *o = json_object();
		json_object_set_new(o, "n", json_integer((json_int_t)i + 1));
		json_object_set_new(o, "id", json_string(q->id));
		json_object_set_new(o, "clause", json_string(q->clause));
		json_object_set_new(o, "item", jstr_or_null(q->item));
		json_object_set_new(o, "clause_title", json_string(bank_clause_title(b, q->clause)));
		json_object_set_new(o, "requirement", jstr_or_null(bank_item_text(b, q->clause, q->item)));
		json_object_set_new(o, "angle", json_string(bank_angle_name(q->angle)));
		json_object_set_new(o, "priority", json_integer(q->priority));
		json_object_set_new(o, "minutes", json_integer(q->minutes));
		json_object_set_new(o, "question", json_string(q->question));
		if (auditor) {
			struct checks c;
			json_t *checks = json_array(), *probes = json_array();
			json_object_set_new(o, "follow_ups", jstrings(q->follow_ups));
			json_object_set_new(o, "good", jstrings(q->good));
			for (j = 0; j < q->n_probes; j++)
				json_array_append_new(probes,
						      json_string(bank_probe_name(q->probes[j].kind)));
			json_object_set_new(o, "probes", probes);
			checks_build(q, f, &c);
			for (j = 0; j < c.n; j++) {
				json_t *vals = json_array();
				for (k = 0; k < c.v[j].n; k++)
					json_array_append_new(vals, json_string(c.v[j].vals[k]));
				json_array_append_new(checks, json_pack("{s:s, s:o}", "label",
									c.v[j].label, "values", vals));
			}
			checks_release(&c);
			json_object_set_new(o, "check", checks);
			json_object_set_new(o, "coverage", json_boolean(p->items[i].coverage));
			json_object_set_new(o, "repeated", json_boolean(p->items[i].repeated));
		}
		json_array_append_new(qs, o);
	}
	json_object_set_new(root, "questions", qs);
	for (i = 0; i < p->ndropped; i++)
		json_array_append_new(dropped, json_string(p->dropped[i]->id));
	json_object_set_new(root, "left_out_for_time", dropped);
	for (i = 0; i < m->nasked; i++)
		json_array_append_new(asked, json_string(m->asked[i]));
	json_object_set_new(root, "excluded_asked", asked);
	return root;
}

/* ======================================================================
 * Reading a script back
 * ====================================================================== */

static bool add_id(char ***ids, size_t *n, size_t *cap, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strlen((*ids)[i]) == len && memcmp((*ids)[i], id, len) == 0)
			return true; /* once */
	if (!ak_grow(ids, cap, *n + 1, sizeof **ids) || !((*ids)[*n] = ak_strndup(id, len)))
		return false;
	(*n)++;
	return true;
}

/* The question ids of the "## <id>: ..." headings of notes (the Markdown
 * script or the notes typed into it): a heading whose first word starts
 * with a digit and holds a '-' ("6.1-tell"). */
static ak_err notes_ids(const char *text, size_t len, char ***ids, size_t *n, size_t *cap)
{
	const char *p = text, *e = text + len;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *end = nl ? nl : e;
		if (end - p > 3 && p[0] == '#' && p[1] == '#' && p[2] == ' ' && isdigit((unsigned char)p[3])) {
			const char *w = p + 3, *we = w;
			while (we < end && *we != ':' && *we != ' ' && *we != '\r')
				we++;
			if (memchr(w, '-', (size_t)(we - w)) && !add_id(ids, n, cap, w, (size_t)(we - w)))
				return AK_ERR_NOMEM;
		}
		p = end + (nl != NULL);
	}
	return AK_OK;
}

ak_err render_read_script_ids(const char *path, char ***ids, size_t *n, size_t *cap)
{
	struct ak_diags d = AK_DIAGS_INIT;
	char *text = NULL;
	size_t len, i, j, before = *n, k = 0;
	json_t *root = NULL, *qs, *q, *x;
	struct jpos *pos = NULL;
	const char *fmt;
	ak_err err = ak_read_text(path, 64u << 20, 0, &text, &len);

	if (err)
		return err;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		k = 3;
	while (k < len && isspace((unsigned char)text[k]))
		k++;
	if (k == len || text[k] != '{') { /* notes, or the Markdown script */
		if ((err = notes_ids(text, len, ids, n, cap)))
			goto out;
		if (*n == before)
			ak_warn("'%s': no question headings ('## 6.1-tell: ...') in it: nothing excluded", path);
		goto out;
	}
	if (!jpos_load(path, text, len, &root, &pos, &d)) {
		err = AK_ERR_DATA;
		goto out;
	}
	fmt = json_is_object(root) ? json_string_value(json_object_get(root, "format")) : NULL;
	if (fmt && (strcmp(fmt, SCRIPT_FORMAT) == 0 || strncmp(fmt, "auditkit-scored/", 16) == 0)) {
		/* a script's questions, or those a scored interview's notes answer */
		qs = json_object_get(root, "questions");
		json_array_foreach(qs, i, q) {
			const char *id = json_string_value(json_object_get(q, "id"));
			if (id && !add_id(ids, n, cap, id, strlen(id))) {
				err = AK_ERR_NOMEM;
				goto out;
			}
		}
	} else if (fmt && strncmp(fmt, "auditkit-findings/", 18) == 0) {
		/* the questions behind last year's findings */
		json_array_foreach(json_object_get(root, "findings"), i, x) {
			json_array_foreach(json_object_get(x, "questions"), j, q) {
				const char *id = json_string_value(json_object_get(q, "id"));
				if (id && !add_id(ids, n, cap, id, strlen(id))) {
					err = AK_ERR_NOMEM;
					goto out;
				}
			}
		}
	} else {
		ak_diags_add(&d, path, 1, 1,
			     "not an interview script, a scored interview or a findings register in "
			     "JSON (format %s, auditkit-scored/..., auditkit-findings/...), nor notes",
			     SCRIPT_FORMAT);
		err = AK_ERR_DATA;
	}
out:
	ak_diags_print(&d);
	ak_diags_release(&d);
	json_decref(root);
	jpos_free(pos);
	free(text);
	return err;
}

/* ======================================================================
 * Entry point
 * ====================================================================== */

ak_err render_script(FILE *fp, enum render_format fmt, const struct bank *b, const struct plan *p,
		     const struct facts *f, const struct render_meta *m)
{
	if (fmt == RENDER_JSON) {
		json_t *root = render_script_json(b, p, f, m);
		int rc;
		if (!root)
			return AK_ERR_NOMEM;
		rc = json_dumpf(root, fp, JSON_INDENT(2));
		json_decref(root);
		if (rc != 0)
			return AK_ERR_OUTPUT;
		fputc('\n', fp);
	} else if (fmt == RENDER_HTML) {
		html_script(fp, b, p, f, m);
	} else if (m->audience == RENDER_INTERVIEWEE) {
		md_interviewee(fp, b, p, f, m);
	} else {
		md_auditor(fp, b, p, f, m);
	}
	return ferror(fp) ? AK_ERR_OUTPUT : AK_OK;
}
