/*
 * initials.c - given names written one way throughout a list: initials
 * spaced ("M. S.") or not ("M.S.") or without points ("M S"), and full
 * given names among initials.
 *
 * Each given name with two or more initials votes for a spacing form; a
 * form held by three quarters of the votes is the list's, and names in another form
 * are reported with a fix to the majority's spacing where it only moves
 * spaces. A tie reports nothing. A style that sets `initials:` decides
 * instead of the majority. A full given name is reported when at
 * least three quarters of the list's given names are initials.
 */
#include "../rule.h"
#include "../style.h"

#include <string.h>

#include "../banned.h"

enum form {
	FORM_NONE = 0,     /* one initial, or nothing to compare */
	FORM_SPACED,       /* M. S. */
	FORM_TIGHT,        /* M.S. */
	FORM_BARE,         /* M S */
	FORM__COUNT
};

static const char *const form_example[] = {
	[FORM_SPACED] = "'M. S.'", [FORM_TIGHT] = "'M.S.'", [FORM_BARE] = "'M S'",
};

static bool is_upper_start(const char *s, size_t n, size_t *len)
{
	int32_t cp;
	int l;

	if (n && (unsigned char)s[0] < 0x80) {
		*len = 1;
		return s[0] >= 'A' && s[0] <= 'Z';
	}
	l = bl_utf8_decode(s, n, &cp);

	if (l < 0)
		return false;
	*len = (size_t)l;
	/* Latin, Latin-1, Latin Extended-A capitals and Cyrillic capitals */
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	       (cp >= 0x100 && cp <= 0x17F && cp % 2 == 0) ||
	       (cp >= 0x400 && cp <= 0x42F);
}

static bool is_lower_letter(const char *s, size_t n, size_t *len)
{
	int32_t cp;
	int l;

	if (n && (unsigned char)s[0] < 0x80) {
		*len = 1;
		return s[0] >= 'a' && s[0] <= 'z';
	}
	l = bl_utf8_decode(s, n, &cp);

	if (l < 0)
		return false;
	*len = (size_t)l;
	return (cp >= 'a' && cp <= 'z') || (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) ||
	       (cp >= 0x100 && cp <= 0x17F && cp % 2 == 1) ||
	       (cp >= 0x430 && cp <= 0x45F);
}

struct shape {
	enum form form;
	bool full;          /* a given name written out */
	size_t initials;    /* how many initials */
};

/* Reads a given name. An initial is a capital with at most one small
 * letter after it (Sh., Ya.) and a point, or a lone capital. */
static struct shape classify(const char *s, size_t n)
{
	struct shape sh = { FORM_NONE, false, 0 };
	size_t i = 0, l;
	bool glued = false, spaced = false, bare = false;

	while (i < n) {
		size_t start = i, letters = 0;

		while (i < n && (s[i] == ' ' || s[i] == '-'))
			i++;
		if (i >= n)
			break;
		start = i;
		if (!is_upper_start(s + i, n - i, &l))
			return (struct shape){ FORM_NONE, false, 0 };
		i += l, letters = 1;
		while (i < n && is_lower_letter(s + i, n - i, &l))
			i += l, letters++;
		if (i < n && s[i] == '.') {
			if (letters > 2)
				return (struct shape){ FORM_NONE, letters > 2, 0 };
			sh.initials++;
			i++;
			if (i < n && s[i] != ' ' && s[i] != '-')
				glued = true;
			else if (i < n && s[i] == ' ')
				spaced = true;
		} else if (letters == 1) {
			sh.initials++;
			bare = true;
		} else {
			sh.full = true;
			return sh;
		}
		(void)start;
	}
	if (sh.initials >= 2) {
		if (glued && !spaced && !bare)
			sh.form = FORM_TIGHT;
		else if (spaced && !glued && !bare)
			sh.form = FORM_SPACED;
		else if (bare && !glued && !spaced)
			sh.form = FORM_BARE;
	}
	return sh;
}

/* Rewrites dotted initials to the wanted spacing, or returns false. */
static bool respace(const char *s, size_t n, enum form want, struct bl_strbuf *out)
{
	size_t i;

	if (want != FORM_SPACED && want != FORM_TIGHT)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ' && i > 0 && s[i - 1] == '.' && want == FORM_TIGHT)
			continue;
		bl_strbuf_addch(out, s[i]);
		if (s[i] == '.' && want == FORM_SPACED && i + 1 < n && s[i + 1] != ' ' &&
		    s[i + 1] != '-')
			bl_strbuf_addch(out, ' ');
	}
	return true;
}

typedef void (*given_fn)(const struct bl_entry *e, const struct bl_value *given,
			 void *arg);

static void each_given(struct bl_ctx *ctx, given_fn fn, void *arg)
{
	size_t i;
	uint32_t j, k;

	for (i = 0; i < ctx->list->count; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];

		for (j = 0; j < e->nfields; j++) {
			const struct bl_field *f = &e->fields[j];
			const struct bl_names *names;

			if (f->kind != BL_FIELD_NAMES)
				continue;
			names = bl_field_names(e, f);
			for (k = 0; k < names->count; k++)
				if (names->items[k].given.text)
					fn(e, &names->items[k].given, arg);
		}
	}
}

struct tally {
	size_t forms[FORM__COUNT];
	size_t initials_names, full_names;
};

static void count_one(const struct bl_entry *e, const struct bl_value *g, void *arg)
{
	struct tally *t = arg;
	struct shape sh = classify(g->text, bl_value_len(g));

	(void)e;
	t->forms[sh.form]++;
	if (sh.full)
		t->full_names++;
	else if (sh.initials > 0)
		t->initials_names++;
}

struct flag {
	struct bl_ctx *ctx;
	struct tally t;
	enum form majority;
	size_t voters;
	bool flag_full;
	bool by_style;
};

static void flag_one(const struct bl_entry *e, const struct bl_value *g, void *arg)
{
	struct flag *fl = arg;
	struct shape sh = classify(g->text, bl_value_len(g));
	struct bl_finding *f;

	if (sh.full && fl->flag_full) {
		bl_report(fl->ctx, BL_R_names_initials, e, g->start, bl_value_end(g),
			  "given name '%.*s' is written out; %zu of %zu given names in "
			  "this list are initials",
			  BL_VALUE_FMT(g), fl->t.initials_names,
			  fl->t.initials_names + fl->t.full_names);
		return;
	}
	if (fl->majority == FORM_NONE || sh.form == FORM_NONE || sh.form == fl->majority)
		return;
	if (fl->by_style)
		f = bl_report(fl->ctx, BL_R_names_initials, e, g->start, bl_value_end(g),
			      "initials '%.*s' are written like %s; the style '%s' "
			      "writes them like %s",
			      BL_VALUE_FMT(g), form_example[sh.form], fl->ctx->style->name,
			      form_example[fl->majority]);
	else
		f = bl_report(fl->ctx, BL_R_names_initials, e, g->start, bl_value_end(g),
			      "initials '%.*s' are written like %s; %zu of %zu names with "
			      "initials in this list write them like %s",
			      BL_VALUE_FMT(g), form_example[sh.form], fl->t.forms[fl->majority],
			      fl->voters, form_example[fl->majority]);
	if (f && sh.form != FORM_BARE) {
		struct bl_strbuf sb = BL_STRBUF_INIT;

		if (respace(g->text, bl_value_len(g), fl->majority, &sb))
			bl_finding_fix_value(fl->ctx, f, g, 0, bl_value_len(g), sb.buf, sb.len, true);
		bl_strbuf_release(&sb);
	}
}

static void check_initials(struct bl_ctx *ctx)
{
	struct flag fl = { .ctx = ctx };
	int k;

	/* BibTeX styles re-render given names, so their spelling in a .bib
	 * file is not what gets printed */
	if (ctx->src->format == BL_FMT_BIBTEX)
		return;
	each_given(ctx, count_one, &fl.t);
	for (k = FORM_SPACED; k < FORM__COUNT; k++)
		fl.voters += fl.t.forms[k];
	/* a clear majority: three quarters of the names that vote */
	for (k = FORM_SPACED; k < FORM__COUNT; k++)
		if (fl.t.forms[k] * 4 >= fl.voters * 3)
			fl.majority = (enum form)k;
	/* a style that says how initials are written decides instead */
	if (ctx->style->initials == BL_INITIALS_SPACED)
		fl.majority = FORM_SPACED, fl.by_style = true;
	else if (ctx->style->initials == BL_INITIALS_TIGHT)
		fl.majority = FORM_TIGHT, fl.by_style = true;
	fl.flag_full = fl.t.full_names > 0 &&
		       fl.t.initials_names * 4 >= (fl.t.initials_names + fl.t.full_names) * 3;
	if (fl.majority == FORM_NONE && !fl.flag_full)
		return;
	each_given(ctx, flag_one, &fl);
}

const struct bl_rule bl_rule_names_initials = {
	.id = "names/initials",
	.severity = BL_SEV_WARNING,
	.summary = "initials are written in more than one way in the list",
	.doc = "Given names with two or more initials are compared across the list: "
	       "spaced (\"M. S.\"), run together (\"M.S.\") or without points "
	       "(\"M S\"). When one form is used by at least three quarters of them, the "
	       "others are reported, with a safe fix that only moves the spaces "
	       "between dotted initials. A tie reports nothing. A given name written "
	       "out (\"Maurice\") is reported when at least three quarters of the "
	       "list's given names are initials. Single initials and names in other "
	       "scripts' conventions are not compared, nor are BibTeX files, whose "
	       "styles re-render given names.",
	.bad = "- id: a\n  author: [{family: Alexander, given: M. S.}]\n"
	       "- id: b\n  author: [{family: Belousova, given: Z. S.}]\n"
	       "- id: c\n  author: [{family: Bezymenskii, given: L. A.}]\n"
	       "- id: d\n  author: [{family: Carley, given: M.J.}]\n",
	.good = "- id: a\n  author: [{family: Alexander, given: M. S.}]\n"
		"- id: b\n  author: [{family: Belousova, given: Z. S.}]\n"
		"- id: c\n  author: [{family: Bezymenskii, given: L. A.}]\n"
		"- id: d\n  author: [{family: Carley, given: M. J.}]\n",
	.fixable = true,
	.check = check_initials,
};
