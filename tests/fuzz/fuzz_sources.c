/* fuzz_sources.c: one page of each risk-register shape (src_parse_page):
 * CSV, generic JSON, CISO Assistant, Jira, ServiceNow, SimpleRisk. The
 * first byte picks the shape and whether a field map, an envelope path and
 * a next-page path are configured, so the mapped paths are fuzzed too.
 *
 * Differential: on a page cJSON reads, the scan that finds the next page
 * without parsing (src_json_peek) must give what the parsed tree holds. */
#include "fuzz.h"

#include <string.h>

#include "evidence/risk.h"
#include "evidence/sources.h"
#include "evidence/sources/common.h"

static const char *const shapes[] = {"csv",  "json",       "ciso-assistant",
				     "jira", "servicenow", "simplerisk"};
static json_t *column_map, *field_map;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_quiet();
	column_map = json_pack("{s:s, s:s, s:s}", "id", "Ref No", "title", "Risk", "owner", "Owner");
	field_map = json_pack("{s:s, s:s, s:s}", "owner", "fields.assignee.displayName", "level",
			      "score|rating.value", "id", "key|items.0.id");
	if (!column_map || !field_map)
		abort();
	return 0;
}

/* The scan and the tree agree on path (a dotted path of keys). */
static void same_member(const struct src_page *p, const char *path)
{
	cJSON *root;
	const cJSON *dom;
	json_t *peek = NULL;

	if (src_json_load(p, &root) != AK_OK)
		return;
	dom = src_json_path(root, path);
	if (src_json_peek(p, path, &peek) != AK_OK)
		abort(); /* the page parses, so the scan's fallback cannot fail */
	if ((dom != NULL) != (peek != NULL))
		abort();
	if (cJSON_IsString(dom) &&
	    (!json_is_string(peek) || strcmp(dom->valuestring, json_string_value(peek)) != 0))
		abort();
	if (cJSON_IsTrue(dom) != json_is_true(peek) || cJSON_IsArray(dom) != json_is_array(peek) ||
	    cJSON_IsObject(dom) != json_is_object(peek))
		abort();
	json_decref(peek);
	src_json_free(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned k = fuzz_pick(&data, &size, 12);
	struct src_config c = {0};
	struct src_page p = {(const char *)data, size, "page", "https://example.org/api/risks?page=1",
			     NULL, 1};
	struct risk_list l;
	char *next = NULL;

	c.format = shapes[k % 6];
	c.url = p.url;
	if (k >= 6) {
		c.column_map = column_map;
		c.field_map = field_map;
		c.path = "data.items";
		c.next = "links.next";
		p.link_next = "/api/risks?page=2";
		p.number = 2;
	}
	risk_list_init(&l);
	if (src_parse_page(&c, &p, &l, &next) == AK_OK)
		risk_list_finish(&l);
	free(next);
	risk_list_release(&l);
	if (k % 6 != 0) {
		same_member(&p, "next");
		same_member(&p, "links.next");
		same_member(&p, "isLast");
	}
	return 0;
}
