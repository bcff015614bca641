/*
 * doi.c - the doi rule family: the shape of a DOI, a URL or "doi:" prefix
 * in the DOI field, trailing punctuation, white space, DOIs left in URL or
 * note fields of entries without a DOI field, and one DOI on two entries.
 * Reading DOIs is doiparse.c's (doi.h). DOIs compare case-insensitively
 * (ASCII), through a hash table.
 */
#include "doi.h"

#include <stdlib.h>
#include <string.h>

#include "../banned.h"

/* ---- per-field checks ------------------------------------------------------- */

static const char *shape_message(enum bl_doi_shape sh)
{
	switch (sh) {
	case BL_DOI_NOT_10:
		return "does not start with '10.'; a DOI is 10.<registrant>/<suffix>, "
		       "as in 10.1000/182";
	case BL_DOI_NO_SLASH:
		return "has no '/' after the registrant code; a DOI is "
		       "10.<registrant>/<suffix>";
	case BL_DOI_EMPTY_SUFFIX:
		return "has nothing after the '/'; the suffix is missing";
	case BL_DOI_REGISTRANT:
	case BL_DOI_BAD_CHAR:
	case BL_DOI_OK:
		break;
	}
	return "";
}

/* Percent-decodes s[0..n) into sb (a doi.org URL path). */
static void percent_decode(struct bl_strbuf *sb, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n) {
			char hex[3] = { s[i + 1], s[i + 2], '\0' };
			char *endp;
			long v = strtol(hex, &endp, 16);

			if (*endp == '\0' && v > 0x1f) {
				bl_strbuf_addch(sb, (int)v);
				i += 2;
				continue;
			}
		}
		bl_strbuf_addch(sb, s[i]);
	}
}

static void check_doi_value(struct bl_ctx *ctx, const struct bl_entry *e,
			    const struct bl_value *v)
{
	const char *s = v->text;
	struct bl_doi_parts d;
	struct bl_finding *f;
	uint32_t start, end;
	size_t i, at, len;
	enum bl_doi_shape sh;

	bl_doi_split(&d, s, bl_value_len(v));
	/* white space before and after the value is text/whitespace's */
	/* a printed reference writes its DOI as its style says: doi/presentation */
	if (d.prefix_len && ctx->src->format != BL_FMT_FORMATTED &&
	    bl_rule_on(ctx, d.prefix == BL_DOIP_URL ?
				       BL_R_doi_url_prefix : BL_R_doi_label_prefix)) {
		const char *pct = memchr(s + d.core_off, '%', d.core_len);

		bl_value_subspan(v, d.prefix_off, d.prefix_len, &start, &end);
		if (d.prefix == BL_DOIP_URL)
			f = bl_report(ctx, BL_R_doi_url_prefix, e, start, end,
				      "DOI field holds a URL; it holds the bare DOI "
				      "(10.xxxx/...), the style makes the link");
		else
			f = bl_report(ctx, BL_R_doi_label_prefix, e, start, end,
				      "DOI field starts with the label '%.*s'; it holds "
				      "the bare DOI (10.xxxx/...)",
				      (int)d.prefix_len, s + d.prefix_off);
		if (pct && d.prefix == BL_DOIP_URL) {
			struct bl_strbuf sb = BL_STRBUF_INIT;

			/* the URL's path is percent-encoded: decode it too */
			percent_decode(&sb, s + d.core_off, d.core_len);
			bl_finding_fix_value(ctx, f, v, d.prefix_off,
					     d.prefix_len + d.core_len, sb.buf ? sb.buf : "",
					     sb.len, false);
			bl_strbuf_release(&sb);
		} else {
			bl_finding_fix_value(ctx, f, v, d.prefix_off, d.prefix_len, "", 0,
					     true);
		}
	}
	if (d.punct_len) {
		bl_value_subspan(v, d.punct_off, d.punct_len, &start, &end);
		f = bl_report(ctx, BL_R_doi_trailing_punctuation, e, start, end,
			      "DOI ends with '%.*s'; punctuation after a DOI belongs to "
			      "the printed reference, not to the DOI",
			      (int)d.punct_len, s + d.punct_off);
		bl_finding_fix_value(ctx, f, v, d.punct_off, d.punct_len, "", 0, true);
	}
	/* white space inside the DOI: a DOI broken over lines or by a paste */
	for (i = d.core_off; i < d.core_off + d.core_len;) {
		size_t k = bl_doi_space_at(s + i, d.core_off + d.core_len - i), j = i;

		if (!k) {
			i++;
			continue;
		}
		while (j < d.core_off + d.core_len &&
		       (k = bl_doi_space_at(s + j, bl_value_len(v) - j)) > 0)
			j += k;
		bl_value_subspan(v, i, j - i, &start, &end);
		f = bl_report(ctx, BL_R_doi_whitespace, e, start, end,
			      "white space inside the DOI; a DOI has no spaces");
		bl_finding_fix_value(ctx, f, v, i, j - i, "", 0, false);
		i = j;
	}
	if (!d.core_len || !bl_rule_on(ctx, BL_R_doi_shape))
		return;
	sh = bl_doi_shape(s + d.core_off, d.core_len, &at, &len);
	if (sh == BL_DOI_OK)
		return;
	bl_value_subspan(v, d.core_off + at, len, &start, &end);
	if (sh == BL_DOI_BAD_CHAR) {
		bl_report(ctx, BL_R_doi_shape, e, start, end,
			  "DOI holds '%.*s', a character DOIs do not contain", (int)len,
			  s + d.core_off + at);
		return;
	}
	if (sh == BL_DOI_REGISTRANT) {
		const char *r = s + d.core_off + at;

		if (len && bl_is_digit(r[0]) && bl_is_digit(r[len - 1]))
			bl_report(ctx, BL_R_doi_shape, e, start, end,
				  "DOI registrant code '%.*s' has %zu digits; registrant "
				  "codes have 4 to 9", (int)len, r, len);
		else
			bl_report(ctx, BL_R_doi_shape, e, start, end,
				  "DOI registrant code holds '%.*s'; after '10.' come 4 "
				  "to 9 digits (and optional .NNNN parts), then '/'",
				  (int)len, r);
		return;
	}
	bl_value_subspan(v, d.core_off, d.core_len, &start, &end);
	if (sh == BL_DOI_NOT_10 && d.core_len > 3 && memcmp(s + d.core_off, "10/", 3) == 0) {
		bl_report(ctx, BL_R_doi_shape, e, start, end,
			  "'%.*s' is a shortDOI, an alias of a DOI; give the DOI itself "
			  "(10.<registrant>/<suffix>), which indexes can match",
			  (int)d.core_len, s + d.core_off);
		return;
	}
	bl_report(ctx, BL_R_doi_shape, e, start, end, "DOI '%.*s' %s",
		  (int)d.core_len, s + d.core_off, shape_message(sh));
}

/* ---- DOIs in other fields ------------------------------------------------- */

static void check_other_fields(struct bl_ctx *ctx, const struct bl_entry *e)
{
	uint32_t k;

	for (k = 0; k < e->nfields; k++) {
		const struct bl_field *f = &e->fields[k];
		const struct bl_value *v = &f->value;
		uint32_t start, end;
		size_t off, len, at, l2;

		if ((f->key != BL_K_URL && f->key != BL_K_NOTE) ||
		    f->kind != BL_FIELD_TEXT || !v->text)
			continue;
		/* a URL field points at a DOI only through doi.org; a note may
		 * also carry a bare DOI */
		if (!bl_doi_find(v->text, bl_value_len(v), f->key == BL_K_NOTE, &off, &len))
			continue;
		if (f->key == BL_K_URL && (off < 8 || !bl_memeq_ci(v->text + off - 8, 8,
								    "doi.org/")))
			continue;
		if (bl_doi_shape(v->text + off, len, &at, &l2) != BL_DOI_OK)
			continue;
		bl_value_subspan(v, off, len, &start, &end);
		bl_report(ctx, BL_R_doi_in_other_field, e, start, end,
			  "DOI %.*s is in the %s field and the entry has no DOI field; "
			  "give it as DOI", (int)len, v->text + off, bl_field_name(f));
		return;
	}
}

/* ---- the same DOI twice --------------------------------------------------- */

struct seen {
	uint64_t hash;
	uint32_t key_off, key_len;    /* the normalised DOI in the key buffer */
	uint32_t index;               /* entry index + 1; 0: the slot is free */
};

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* Appends the DOI of a field for comparing to sb: no prefix, punctuation
 * or white space; ASCII lower case. Returns its length (0: no DOI). */
static size_t doi_key(struct bl_strbuf *sb, const struct bl_value *v)
{
	struct bl_doi_parts d;
	size_t i, start = sb->len;

	bl_doi_split(&d, v->text, bl_value_len(v));
	BL_GROW(sb->buf, sb->len + d.core_len + 1, sb->cap);
	for (i = d.core_off; i < d.core_off + d.core_len; i++) {
		char c = v->text[i];

		if (bl_is_space(c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		sb->buf[sb->len++] = c;
	}
	sb->buf[sb->len] = '\0';
	if (sb->len - start < 4) {
		sb->len = start;
		return 0;
	}
	return sb->len - start;
}

/* The span of the DOI proper in a DOI field. */
static void core_span(const struct bl_value *v, uint32_t *start, uint32_t *end)
{
	struct bl_doi_parts d;

	bl_doi_split(&d, v->text, bl_value_len(v));
	bl_value_subspan(v, d.core_off, d.core_len, start, end);
}

static void check_duplicates(struct bl_ctx *ctx, const struct bl_value *const *dois)
{
	size_t n = ctx->list->count, cap = 16, ndois = 0, i;
	struct bl_strbuf keys = BL_STRBUF_INIT;
	struct seen *table;

	for (i = 0; i < n; i++)
		ndois += dois[i] != NULL;
	while (cap < 2 * ndois)
		cap *= 2;
	table = bl_xcalloc(cap, sizeof(*table));
	for (i = 0; i < n; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		const struct bl_value *v = dois[i];
		size_t klen, koff = keys.len, slot;
		uint64_t h;

		if (!v || !(klen = doi_key(&keys, v)))
			continue;
		h = fnv1a(keys.buf + koff, klen);
		for (slot = h & (cap - 1); table[slot].index; slot = (slot + 1) & (cap - 1))
			if (table[slot].hash == h && table[slot].key_len == klen &&
			    memcmp(keys.buf + table[slot].key_off, keys.buf + koff, klen) == 0)
				break;
		if (table[slot].index) {
			const struct bl_entry *first = &ctx->list->entries[table[slot].index - 1];
			const char *who = first->id.text ? bl_entry_id_str(ctx, first)
							 : bl_entry_label(ctx, first);
			uint32_t start, end, rstart, rend;
			struct bl_finding *f;

			core_span(v, &start, &end);
			core_span(dois[table[slot].index - 1], &rstart, &rend);
			f = bl_report(ctx, BL_R_doi_duplicate, e, start, end,
				      "DOI %.*s is also the DOI of entry '%s'; two entries "
				      "with one DOI are one work entered twice, or one "
				      "DOI is wrong", (int)klen, keys.buf + koff, who);
			if (f) {
				f->related_src = ctx->src;
				f->related_start = rstart;
				f->has_related = true;
			}
			keys.len = koff;
			continue;
		}
		table[slot].hash = h;
		table[slot].key_off = (uint32_t)koff;
		table[slot].key_len = (uint32_t)klen;
		table[slot].index = (uint32_t)i + 1;
	}
	bl_strbuf_release(&keys);
	free(table);
}

static void check_doi(struct bl_ctx *ctx)
{
	size_t n = ctx->list->count, i;
	const struct bl_value **dois = bl_xcalloc(n ? n : 1, sizeof(*dois));

	for (i = 0; i < n; i++) {
		const struct bl_entry *e = &ctx->list->entries[i];
		bool has_doi = false;   /* a DOI field of any kind */
		uint32_t k;

		for (k = 0; k < e->nfields; k++) {
			const struct bl_field *f = &e->fields[k];

			if (f->key != BL_K_DOI)
				continue;
			has_doi = true;
			if (f->kind != BL_FIELD_TEXT || !f->value.text || !bl_value_len(&f->value))
				continue;
			if (!dois[i])
				dois[i] = &f->value;
			check_doi_value(ctx, e, &f->value);
		}
		if (!has_doi && bl_rule_on(ctx, BL_R_doi_in_other_field))
			check_other_fields(ctx, e);
	}
	if (bl_rule_on(ctx, BL_R_doi_duplicate))
		check_duplicates(ctx, dois);
	free(dois);
}

/* ---- the rules ------------------------------------------------------------ */

const struct bl_rule bl_rule_doi_duplicate = {
	.id = "doi/duplicate",
	.severity = BL_SEV_WARNING,
	.summary = "two entries give the same DOI",
	.doc = "A DOI names one work, so two entries with the same DOI (compared "
	       "without prefixes, punctuation and white space, ignoring ASCII "
	       "case) are one work entered twice, or one of them carries a wrong "
	       "DOI. The second entry is reported, pointing back at the first.",
	.bad = "- id: a\n  DOI: 10.1000/182\n- id: b\n  DOI: 10.1000/182\n",
	.good = "- id: a\n  DOI: 10.1000/182\n- id: b\n  DOI: 10.1000/183\n",
	.check = check_doi,
};

const struct bl_rule bl_rule_doi_in_other_field = {
	.id = "doi/in-other-field",
	.severity = BL_SEV_WARNING,
	.summary = "a DOI in the URL or note field of an entry without a DOI field",
	.doc = "The entry has no DOI field, but its URL field is a doi.org link or "
	       "its note holds a DOI (after `doi:`, in a doi.org link, or standing "
	       "alone). Styles print and link DOIs from the DOI field only, and "
	       "indexes (Scopus, Web of Science, Crossref matching) look for it "
	       "there. Move the DOI into the DOI field; no automatic fix, since "
	       "the URL or note may be wanted as well. A publisher's URL that "
	       "merely contains a DOI is not reported.",
	.bad = "- id: a\n  URL: https://doi.org/10.1080/09592290600695292\n",
	.good = "- id: a\n  DOI: 10.1080/09592290600695292\n",
	.check = check_doi,
};

const struct bl_rule bl_rule_doi_label_prefix = {
	.id = "doi/label-prefix",
	.severity = BL_SEV_WARNING,
	.summary = "a DOI field that starts with \"doi:\" or another label",
	.doc = "The DOI field holds the bare DOI, `10.1000/182`; the style prints "
	       "the label (`DOI 10.1000/182`, `doi:10.1000/182`) or a link. A "
	       "label inside the field (`doi:`, `DOI `, `info:doi/`, `urn:doi:`) is "
	       "printed twice or breaks the link. The safe fix removes it.",
	.bad = "- id: a\n  DOI: \"doi:10.1000/182\"\n",
	.good = "- id: a\n  DOI: 10.1000/182\n",
	.fixable = true,
	.check = check_doi,
};

const struct bl_rule bl_rule_doi_shape = {
	.id = "doi/shape",
	.severity = BL_SEV_ERROR,
	.summary = "a DOI that is not 10.<registrant>/<suffix>",
	.doc = "A DOI is `10.`, a registrant code of 4 to 9 digits with optional "
	       "`.NNNN` subdivisions, `/`, and a non-empty suffix. Suffixes may "
	       "hold almost any printable character (`10.1002/(SICI)1097-4636"
	       "(199706)35:4<411::AID-JBM2>3.0.CO;2-M` is valid); reported are a "
	       "missing `10.`, a registrant code of the wrong length or with letters "
	       "(`10.1OO2`), a missing `/` or suffix, and characters no DOI holds: "
	       "control characters, `\"`, `\\`, braces, typographic quotes, dashes "
	       "other than the hyphen and invisible characters. A URL or label "
	       "before the DOI, trailing punctuation and white space are the other "
	       "doi rules' findings and are left out here. No fix.",
	.bad = "- id: a\n  DOI: 10.1OO2/anie.201000001\n",
	.good = "- id: a\n  DOI: 10.1002/anie.201000001\n",
	.check = check_doi,
};

const struct bl_rule bl_rule_doi_trailing_punctuation = {
	.id = "doi/trailing-punctuation",
	.severity = BL_SEV_WARNING,
	.summary = "a DOI field that ends with a period, comma or other punctuation",
	.doc = "A final `.`, `,`, `;` or `:` after the DOI is the punctuation of a "
	       "printed reference copied with it; it makes the DOI resolve to "
	       "nothing. The safe fix removes it.",
	.bad = "- id: a\n  DOI: 10.1000/182.\n",
	.good = "- id: a\n  DOI: 10.1000/182\n",
	.fixable = true,
	.check = check_doi,
};

const struct bl_rule bl_rule_doi_url_prefix = {
	.id = "doi/url-prefix",
	.severity = BL_SEV_WARNING,
	.summary = "a DOI field that holds a doi.org URL instead of the DOI",
	.doc = "The DOI field holds the bare DOI, `10.1000/182`; the style makes "
	       "the `https://doi.org/` link when it wants one. `https://doi.org/`, "
	       "`http://dx.doi.org/`, `doi.org/` and their variants before the DOI "
	       "are reported. The safe fix removes the URL part; when the URL is "
	       "percent-encoded (`%28` for `(`), the fix also decodes it and is not "
	       "applied by --fix.",
	.bad = "- id: a\n  DOI: https://doi.org/10.1000/182\n",
	.good = "- id: a\n  DOI: 10.1000/182\n",
	.fixable = true,
	.check = check_doi,
};

const struct bl_rule bl_rule_doi_whitespace = {
	.id = "doi/whitespace",
	.severity = BL_SEV_WARNING,
	.summary = "white space inside a DOI",
	.doc = "A DOI holds no white space. A space or line break inside it (a DOI "
	       "broken over two lines, or pasted from a PDF) is reported with a fix "
	       "that joins the parts, not applied by --fix because the space might "
	       "separate two DOIs. Spaces before or after the value are "
	       "text/whitespace.",
	.bad = "- id: a\n  DOI: 10.1080/0959229 0600695292\n",
	.good = "- id: a\n  DOI: 10.1080/09592290600695292\n",
	.fixable = true,
	.check = check_doi,
};
