/* review_money.c: amounts of money as minutes write them: "EUR 45,000",
 * "£340k", "NOK 1.2 million", "45 000 €", "1,2 mio. CHF", with a currency
 * symbol or ISO code before or after, thousands grouped by commas, points,
 * apostrophes or (no-break, thin) spaces, and a multiplier. A scanner over
 * a length, as the rest of the minutes reader. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "evidence/review_int.h"


static const char *const symbols[] = {"\xC2\xA3", "\xE2\x82\xAC", "$", "\xC2\xA5",
				      "\xE2\x82\xB9", "\xE2\x82\xA9", NULL}; /* £ € $ ¥ ₹ ₩ */
static const char *const codes[] = {"EUR", "GBP", "USD", "NOK", "SEK", "DKK", "CHF", "ISK",
				    "PLN", "CZK", "HUF", "CAD", "AUD", "NZD", "JPY", "CNY",
				    "INR", "ZAR", "SGD", "HKD", "RON", "BGN", "TRY", "BRL",
				    "MXN", "AED", "SAR", NULL};
static const char *const money_words[] = {"euros", "euro", "pounds", "pound", "dollars",
					  "dollar", "kroner", "krone", "kronor", "krona", "kr",
					  "francs", "zloty", NULL};

static size_t symbol_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; symbols[i]; i++) {
		size_t k = strlen(symbols[i]);
		if (k <= n && memcmp(s, symbols[i], k) == 0)
			return k;
	}
	return 0;
}

static size_t code_at(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || (n > 3 && isalpha((unsigned char)s[3])))
		return 0;
	for (i = 0; codes[i]; i++)
		if (memcmp(s, codes[i], 3) == 0)
			return 3;
	return 0;
}

/* A group separator at s followed by exactly three digits: its length. */
static size_t group_at(const char *s, size_t n)
{
	size_t k = 0;

	if (n && (s[0] == ',' || s[0] == '.' || s[0] == '\'' || s[0] == ' '))
		k = 1;
	else if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		k = 2; /* no-break space */
	else if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
		 ((unsigned char)s[2] == 0xAF || (unsigned char)s[2] == 0x89))
		k = 3; /* narrow no-break space, thin space */
	if (!k || k + 3 > n || !isdigit((unsigned char)s[k]) || !isdigit((unsigned char)s[k + 1]) ||
	    !isdigit((unsigned char)s[k + 2]) || (k + 3 < n && isdigit((unsigned char)s[k + 3])))
		return 0;
	return k + 3;
}

static size_t number_at(const char *s, size_t n)
{
	size_t j = 0, g;

	while (j < n && isdigit((unsigned char)s[j]))
		j++;
	if (!j)
		return 0;
	while ((g = group_at(s + j, n - j)) != 0)
		j += g;
	if (j + 1 < n && (s[j] == '.' || s[j] == ',') && isdigit((unsigned char)s[j + 1])) {
		j++;
		while (j < n && isdigit((unsigned char)s[j]))
			j++;
	}
	return j;
}

static size_t magnitude_at(const char *s, size_t n)
{
	static const char *const glued[] = {"bn", "mn", "k", "K", "m", "M", NULL};
	static const char *const words[] = {"million", "millions", "billion", "thousand", "mill",
					    "mio", "bn", "m", NULL};
	size_t i, k;

	for (i = 0; glued[i]; i++) {
		k = strlen(glued[i]);
		if (k <= n && memcmp(s, glued[i], k) == 0 && (k == n || !isalnum((unsigned char)s[k])))
			return k;
	}
	if (n > 1 && s[0] == ' ')
		for (i = 0; words[i]; i++)
			if (rv_word_at(s + 1, n - 1, words[i]))
				return 1 + strlen(words[i]);
	return 0;
}

/* A currency after a number: " EUR", "€", " euros". */
static size_t currency_after(const char *s, size_t n)
{
	size_t k = 0, c, i;

	if (n && s[0] == ' ')
		k = 1;
	if ((c = symbol_at(s + k, n - k)) != 0 || (c = code_at(s + k, n - k)) != 0)
		return k + c;
	for (i = 0; money_words[i]; i++)
		if (rv_word_at(s + k, n - k, money_words[i]))
			return k + strlen(money_words[i]);
	return 0;
}

size_t rv_currency_at(const char *s, size_t n)
{
	size_t k = symbol_at(s, n);

	return k ? k : code_at(s, n);
}

bool rv_money(const char *s, size_t n, size_t *off, size_t *len)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t c = 0, j, num, mag, after;
		bool boundary = i == 0 || !isalnum((unsigned char)s[i - 1]);
		if ((c = symbol_at(s + i, n - i)) != 0 ||
		    (boundary && (c = code_at(s + i, n - i)) != 0)) {
			j = i + c;
			if (j < n && s[j] == ' ')
				j++;
			if (j < n && isdigit((unsigned char)s[j])) {
				num = number_at(s + j, n - j);
				mag = magnitude_at(s + j + num, n - j - num);
				*off = i;
				*len = j + num + mag - i;
				return true;
			}
			continue;
		}
		if (boundary && isdigit((unsigned char)s[i]) && (i == 0 || s[i - 1] != '.')) {
			num = number_at(s + i, n - i);
			mag = magnitude_at(s + i + num, n - i - num);
			after = currency_after(s + i + num + mag, n - i - num - mag);
			if (after) {
				*off = i;
				*len = num + mag + after;
				return true;
			}
			i += num ? num - 1 : 0;
		}
	}
	return false;
}

char *rv_heading_currency(const char *s, bool *oom)
{
	size_t n = strlen(s), i, k;
	char *out;

	for (i = 0; i < n; i++) {
		if ((k = symbol_at(s + i, n - i)) == 0 &&
		    (i > 0 && isalpha((unsigned char)s[i - 1]) ? 0 : (k = code_at(s + i, n - i))) == 0)
			continue;
		out = ak_strndup(s + i, k);
		if (!out)
			*oom = true;
		return out;
	}
	return NULL;
}

