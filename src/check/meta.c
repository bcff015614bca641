/*
 * meta.c - rules about biblint's own comments in a source: suppressions
 * that silence nothing, name unknown rules, or cannot be read. They have
 * no check function; src/suppress.c reports them once the other rules
 * have run.
 */
#include "../rule.h"

#include "../banned.h"

const struct bl_rule bl_rule_meta_bad_suppression = {
	.id = "meta/bad-suppression",
	.severity = BL_SEV_WARNING,
	.summary = "a biblint comment that is not a valid directive",
	.doc = "A comment starting with `biblint:` must read `biblint: disable=RULE` "
	       "(several rules separated by commas, ids or families, an optional "
	       "reason after `--`). Anything else, such as `enable=` or a directive "
	       "with no rule, is reported so that a mistyped suppression does not "
	       "silently fail to apply.",
	.bad = "# biblint: enable=input/syntax\n- id: a\n  title: Something\n",
	.good = "# biblint: disable=input/syntax -- test data, kept broken\n"
		"- id: a\n  title: \"unterminated\n",
};

const struct bl_rule bl_rule_meta_unknown_rule = {
	.id = "meta/unknown-rule",
	.severity = BL_SEV_WARNING,
	.summary = "a biblint comment names a rule that does not exist",
	.doc = "Each rule named in a `biblint: disable=` comment must be a rule id "
	       "(`pages/range-dash`) or a family (`pages`, `pages/*`) from "
	       "--list-rules. An unknown name is reported with the closest known "
	       "id; the other rules of the same comment still apply.",
	.bad = "# biblint: disable=input/syntx\n- id: a\n  title: Something\n",
	.good = "# biblint: disable=input/syntax -- test data, kept broken\n"
		"- id: a\n  title: \"unterminated\n",
};

const struct bl_rule bl_rule_meta_unused_suppression = {
	.id = "meta/unused-suppression",
	.severity = BL_SEV_WARNING,
	.summary = "a suppression comment that silences nothing",
	.doc = "A `biblint: disable=RULE` comment before the first entry covers the "
	       "whole file; one inside an entry covers that entry; any other covers "
	       "the next entry. When the rule reports nothing where the comment "
	       "applies (the problem was fixed, or the comment is in the wrong "
	       "place), the comment is reported so that it can be removed before it "
	       "hides a later, real problem. Rules turned off by the configuration "
	       "or the command line are not counted, since they did not run.",
	.bad = "# biblint: disable=input/syntax -- test data\n"
	       "- id: a\n  title: Something\n",
	.good = "# biblint: disable=input/syntax -- test data, kept broken\n"
		"- id: a\n  title: \"unterminated\n",
};
