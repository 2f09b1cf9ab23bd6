/*
 * Unit tests for src/core/i18n.c and the UTF-8 helpers of src/core/utf8.c (which the API uses
 * at the door): Accept-Language negotiation (regions, sr/sr-Latn, tr-TR, bs-Latn-BA, q-values,
 * q=0, wildcards, unknown languages, empty or NULL -> sq), lang_tag and lang_of_tag, the
 * catalogue (every message translated into sq, en and sr-Latn as well-formed UTF-8; tr and bs
 * fall back to English where they have no wording, the missing ones counted and printed, and
 * what they have is neither English copied nor different in its placeholders), and utf8_valid
 * on valid multi-byte text, overlongs (C0 80), surrogates (ED A0 80), truncated sequences and
 * code points above U+10FFFF, plus utf8_length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/i18n.h"
#include "core/utf8.h"

/* ---- Accept-Language ---- */

static void
test_accept_language(void **state)
{
	static const struct {
		const char *header;
		enum lang lang;
	} cases[] = {
		{ "en-GB,en;q=0.9", LANG_EN },
		{ "en", LANG_EN },
		{ "EN-us", LANG_EN },
		{ "sr", LANG_SR_LATN },
		{ "sr-Latn", LANG_SR_LATN },
		{ "sr-Latn-RS", LANG_SR_LATN },
		{ "sr-Cyrl", LANG_SR_LATN }, /* Latin script is what we have */
		{ "sq", LANG_SQ },
		{ "sq-AL", LANG_SQ },
		{ "de", LANG_SQ },
		{ "de-DE,fr;q=0.8", LANG_SQ },
		{ "*", LANG_SQ },
		{ "", LANG_SQ },
		{ "en;q=0", LANG_SQ },          /* q=0 means "not this one" */
		{ "en;q=0.0, sr", LANG_SR_LATN },
		{ "de, en;q=0.5", LANG_EN },
		{ "fr, sr;q=0.9, en;q=0.8", LANG_SR_LATN },
		{ "sr;q=0.4, en;q=0.8", LANG_EN },
		{ "en;q=0.5, sq", LANG_SQ },
		{ "en, sr", LANG_EN },          /* equal q: the first wins */
		{ "  sr  ;  q=0.7 , en;q=0.6", LANG_SR_LATN },
		{ "english", LANG_SQ },         /* "en" must be the whole subtag */
		{ "srpski", LANG_SQ },
		{ "e", LANG_SQ },
		{ ",,,", LANG_SQ },
		{ ";q=1", LANG_SQ },
		/* Turkish and Bosnian (issue 16) */
		{ "tr", LANG_TR },
		{ "tr-TR", LANG_TR },
		{ "TR-tr,en;q=0.5", LANG_TR },
		{ "bs", LANG_BS },
		{ "bs-Latn-BA", LANG_BS },
		{ "bs-Cyrl", LANG_BS }, /* Latin script is what we have */
		{ "de, bs;q=0.5, en;q=0.4", LANG_BS },
		{ "tr;q=0.3, sq;q=0.9", LANG_SQ },
		{ "en;q=0.9, tr", LANG_TR },
		{ "trk", LANG_SQ },
		{ "bsx-BA", LANG_SQ },
		{ "hr-BA", LANG_SQ },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum lang got = lang_from_accept_language(cases[i].header);
		if (got != cases[i].lang)
			fail_msg("'%s' -> %s, expected %s", cases[i].header, lang_tag(got),
				 lang_tag(cases[i].lang));
	}
	assert_int_equal(lang_from_accept_language(NULL), LANG_SQ);
}

static void
test_lang_tags(void **state)
{
	(void)state;
	assert_string_equal(lang_tag(LANG_SQ), "sq");
	assert_string_equal(lang_tag(LANG_EN), "en");
	assert_string_equal(lang_tag(LANG_SR_LATN), "sr-Latn");
	assert_string_equal(lang_tag(LANG_TR), "tr");
	assert_string_equal(lang_tag(LANG_BS), "bs");
	assert_string_equal(lang_tag(LANG_COUNT), "sq");
	/* every tag negotiates back to its own language, and names it exactly */
	for (int l = 0; l < LANG_COUNT; l++) {
		assert_int_equal(lang_from_accept_language(lang_tag((enum lang)l)), l);
		assert_int_equal(lang_of_tag(lang_tag((enum lang)l)), l);
	}
	/* a ?lang= is one of the five tags as written, not a range to negotiate */
	assert_int_equal(lang_of_tag("sr"), -1);
	assert_int_equal(lang_of_tag("tr-TR"), -1);
	assert_int_equal(lang_of_tag("bs-Latn-BA"), -1);
	assert_int_equal(lang_of_tag("TR"), -1);
	assert_int_equal(lang_of_tag(""), -1);
	assert_int_equal(lang_of_tag(NULL), -1);
}

/* ---- the catalogue ---- */

static void
test_every_message_has_text_in_every_language(void **state)
{
	(void)state;
	for (int m = 0; m < MSG_COUNT; m++) {
		for (int l = 0; l < LANG_COUNT; l++) {
			const char *s = i18n_text((enum msg)m, (enum lang)l);

			assert_non_null(s);
			if (s[0] == '\0')
				fail_msg("message %d has no %s text", m, lang_tag((enum lang)l));
			if (!utf8_valid(s, strlen(s)))
				fail_msg("message %d in %s is not UTF-8", m, lang_tag((enum lang)l));
		}
	}
}

static void
test_every_message_is_translated_not_english(void **state)
{
	/* A missing translation falls back to English; no message should need to. */
	(void)state;
	for (int m = 0; m < MSG_COUNT; m++) {
		const char *en = i18n_text((enum msg)m, LANG_EN);

		if (strcmp(i18n_text((enum msg)m, LANG_SQ), en) == 0)
			fail_msg("message %d: sq is the English text '%s'", m, en);
		if (strcmp(i18n_text((enum msg)m, LANG_SR_LATN), en) == 0)
			fail_msg("message %d: sr-Latn is the English text '%s'", m, en);
	}
}

/* The placeholders of a message, in order: {name} and printf-like %s, %d, %zu ... */
static void
placeholders(const char *s, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (; *s != '\0' && n + 1 < size; s++) {
		const char *end = NULL;

		if (*s == '{')
			end = strchr(s, '}');
		else if (*s == '%' && strchr("sdiuzl", s[1]) != NULL && s[1] != '\0')
			end = s + strspn(s + 1, "zl") + 1;
		if (end == NULL)
			continue;
		n += (size_t)snprintf(out + n, size - n, "%.*s;", (int)(end - s + 1), s);
		s = end;
	}
}

/* tr and bs (issue 16): what they have is their own wording with English's placeholders;
 * what they lack reads in English, and the count of those is printed, not failed. */
static void
test_turkish_and_bosnian_fall_back_to_english(void **state)
{
	(void)state;
	for (int l = LANG_COMPLETE; l < LANG_COUNT; l++) {
		int missing = 0;

		for (int m = 0; m < MSG_COUNT; m++) {
			const char *en = i18n_text((enum msg)m, LANG_EN);
			const char *s = i18n_text((enum msg)m, (enum lang)l);
			char want[256], got[256];

			if (!i18n_translated((enum msg)m, (enum lang)l)) {
				missing++;
				assert_ptr_equal(s, en);
				continue;
			}
			if (strcmp(s, en) == 0)
				fail_msg("message %d: %s is the English text '%s'", m,
					 lang_tag((enum lang)l), en);
			placeholders(en, want, sizeof want);
			placeholders(s, got, sizeof got);
			if (strcmp(want, got) != 0)
				fail_msg("message %d in %s has placeholders '%s', English '%s'", m,
					 lang_tag((enum lang)l), got, want);
		}
		print_message("i18n: %s lacks %d of %d messages (they read in English)\n",
			      lang_tag((enum lang)l), missing, MSG_COUNT);
		assert_true(missing < MSG_COUNT);
	}
	assert_true(i18n_translated(MSG_TITLE_404, LANG_TR));
	assert_string_equal(i18n_text(MSG_TITLE_404, LANG_TR), "Bulunamadı");
	assert_string_equal(i18n_text(MSG_TITLE_404, LANG_BS), "Nije pronađeno");
	assert_string_equal(i18n_text(MSG_REQUIRED, LANG_BS), "Ovo polje je obavezno");
	assert_true(i18n_translated(MSG_REQUIRED, LANG_EN));
	assert_false(i18n_translated(MSG_COUNT, LANG_TR));
}

static void
test_placeholders_are_found(void **state)
{
	char out[64];

	(void)state;
	placeholders("{institution} x {case} %s 100% %zu", out, sizeof out);
	assert_string_equal(out, "{institution};{case};%s;%zu;");
	placeholders("none", out, sizeof out);
	assert_string_equal(out, "");
}

static void
test_titles_differ_between_languages(void **state)
{
	static const enum msg titles[] = {
		MSG_TITLE_400, MSG_TITLE_401, MSG_TITLE_403, MSG_TITLE_404, MSG_TITLE_405,
		MSG_TITLE_409, MSG_TITLE_412, MSG_TITLE_413, MSG_TITLE_415, MSG_TITLE_422,
		MSG_TITLE_428, MSG_TITLE_429, MSG_TITLE_500, MSG_TITLE_503,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		const char *sq = i18n_text(titles[i], LANG_SQ), *en = i18n_text(titles[i], LANG_EN);
		const char *sr = i18n_text(titles[i], LANG_SR_LATN);

		assert_string_not_equal(sq, en);
		assert_string_not_equal(sr, en);
		assert_string_not_equal(sq, sr);
	}
	assert_string_equal(i18n_text(MSG_TITLE_404, LANG_EN), "Not found");
	assert_string_equal(i18n_text(MSG_TITLE_404, LANG_SQ), "Nuk u gjet");
	assert_string_equal(i18n_text(MSG_TITLE_404, LANG_SR_LATN), "Nije pronađeno");
}

static void
test_out_of_range_message_or_language_is_empty(void **state)
{
	(void)state;
	assert_string_equal(i18n_text(MSG_COUNT, LANG_EN), "");
	assert_string_equal(i18n_text((enum msg)-1, LANG_EN), "");
	assert_string_equal(i18n_text(MSG_REQUIRED, LANG_COUNT), "");
}

/* ---- UTF-8 ---- */

struct utf8_case {
	const char *bytes;
	size_t len;
	bool valid;
	const char *what;
};
#define U(s, ok, what) { s, sizeof(s) - 1, ok, what }

static void
test_utf8_valid(void **state)
{
	static const struct utf8_case cases[] = {
		U("", true, "empty"),
		U("plain ASCII", true, "ASCII"),
		U("a\0b", true, "NUL counts as ASCII"),
		U("\xc3\xab", true, "U+00EB e with diaeresis"),
		U("Kor\xc3\xa7\xc3\xab", true, "Korce"),
		U("\xc2\x80", true, "U+0080, smallest two-byte"),
		U("\xdf\xbf", true, "U+07FF"),
		U("\xe0\xa0\x80", true, "U+0800, smallest three-byte"),
		U("\xe2\x82\xac", true, "U+20AC euro"),
		U("\xed\x9f\xbf", true, "U+D7FF, just below the surrogates"),
		U("\xee\x80\x80", true, "U+E000, just above the surrogates"),
		U("\xef\xbf\xbf", true, "U+FFFF"),
		U("\xf0\x90\x80\x80", true, "U+10000, smallest four-byte"),
		U("\xf0\x9d\x84\x9e", true, "U+1D11E clef"),
		U("\xf4\x8f\xbf\xbf", true, "U+10FFFF, the last code point"),
		/* overlong forms */
		U("\xc0\x80", false, "overlong NUL C0 80"),
		U("\xc1\xbf", false, "overlong C1 BF"),
		U("\xe0\x80\x80", false, "overlong E0 80 80"),
		U("\xe0\x9f\xbf", false, "overlong U+07FF in three bytes"),
		U("\xf0\x80\x80\x80", false, "overlong F0 80 80 80"),
		U("\xf0\x8f\xbf\xbf", false, "overlong U+FFFF in four bytes"),
		/* UTF-16 surrogates */
		U("\xed\xa0\x80", false, "U+D800 ED A0 80"),
		U("\xed\xbf\xbf", false, "U+DFFF"),
		U("\xed\xa0\xbd\xed\xb2\xa9", false, "a surrogate pair (CESU-8)"),
		/* beyond U+10FFFF */
		U("\xf4\x90\x80\x80", false, "U+110000"),
		U("\xf5\x80\x80\x80", false, "F5 lead"),
		U("\xf7\xbf\xbf\xbf", false, "F7 lead"),
		U("\xf8\x88\x80\x80\x80", false, "five-byte form"),
		U("\xff", false, "FF"),
		U("\xfe", false, "FE"),
		/* truncated or broken sequences */
		U("\xc3", false, "lone lead byte"),
		U("abc\xc3", false, "lead byte at the end"),
		U("\xe2\x82", false, "three-byte cut after two"),
		U("\xf0\x9d\x84", false, "four-byte cut after three"),
		U("\x80", false, "lone continuation"),
		U("a\xbf" "b", false, "continuation between ASCII"),
		U("\xc3(", false, "lead followed by ASCII"),
		U("\xe2\x28\xa1", false, "bad second byte"),
		U("\xe2\x82\x28", false, "bad third byte"),
		U("\xf0\x9d\x84\x28", false, "bad fourth byte"),
		U("\xc3\xab\xc3", false, "valid then truncated"),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (utf8_valid(cases[i].bytes, cases[i].len) != cases[i].valid)
			fail_msg("%s: expected %s", cases[i].what,
				 cases[i].valid ? "valid" : "invalid");
}

static void
test_utf8_valid_stops_at_len(void **state)
{
	/* A sequence cut by `len` is truncated even when more bytes follow in memory. */
	static const char euro[] = "\xe2\x82\xac";

	(void)state;
	assert_true(utf8_valid(euro, 3));
	assert_false(utf8_valid(euro, 2));
	assert_false(utf8_valid(euro, 1));
	assert_true(utf8_valid(euro, 0));
	assert_true(utf8_valid("ab\xff", 2));
}

static void
test_utf8_length_counts_code_points(void **state)
{
	static const struct {
		const char *s;
		size_t n;
	} cases[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ "\xc3\xab", 1 },
		{ "Kor\xc3\xa7\xc3\xab", 5 },
		{ "\xe2\x82\xac" "5", 2 },
		{ "\xf0\x9d\x84\x9e\xf0\x9d\x84\x9e", 2 },
		{ "Nije prona\xc4\x91" "eno", 14 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(utf8_length(cases[i].s), cases[i].n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_lang_tags),
		cmocka_unit_test(test_every_message_has_text_in_every_language),
		cmocka_unit_test(test_every_message_is_translated_not_english),
		cmocka_unit_test(test_titles_differ_between_languages),
		cmocka_unit_test(test_turkish_and_bosnian_fall_back_to_english),
		cmocka_unit_test(test_placeholders_are_found),
		cmocka_unit_test(test_out_of_range_message_or_language_is_empty),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_valid_stops_at_len),
		cmocka_unit_test(test_utf8_length_counts_code_points),
	};

	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
