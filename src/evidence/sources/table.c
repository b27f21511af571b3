/* evidence/sources/table.c: one row per source shape, and the checks on the maps a
 * configuration gives them. */
#include <string.h>

#include "core/msg.h"
#include "evidence/sources/common.h"
#include "core/util.h"

struct shape {
	const char *name;
	const char *ext;
	char *(*first_url)(const struct src_config *c); /* NULL: the URL as given */
	ak_err (*parse)(const struct src_config *c, const struct src_page *p, struct risk_list *out);
	/* NULL: one page only */
	ak_err (*next)(const struct src_config *c, const struct src_page *p, char **next);
};

static const struct shape shapes[] = {
	{"csv", "csv", NULL, src_csv_parse, NULL},
	{"json", "json", NULL, src_json_parse, src_json_next},
	{"ciso-assistant", "json", src_ciso_first_url, src_ciso_parse, src_ciso_next},
	{"jira", "json", src_jira_first_url, src_jira_parse, src_jira_next},
	{"servicenow", "json", src_servicenow_first_url, src_servicenow_parse, src_servicenow_next},
	{"simplerisk", "json", src_simplerisk_first_url, src_simplerisk_parse, NULL},
};

static const struct shape *find(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof shapes / sizeof shapes[0]; i++)
		if (strcmp(shapes[i].name, name) == 0)
			return &shapes[i];
	return NULL;
}

bool src_known(const char *format) { return find(format) != NULL; }

const char *src_names(void) { return "csv, json, ciso-assistant, jira, servicenow, simplerisk"; }

const char *src_raw_ext(const char *format)
{
	const struct shape *s = find(format);
	return s ? s->ext : "bin";
}

ak_err src_check_map(const json_t *map, const char *where)
{
	const char *key;
	json_t *v;
	int i;

	if (!map)
		return AK_OK;
	if (!json_is_object(map)) {
		ak_error("'%s' must be an object", where);
		return AK_ERR_DATA;
	}
	json_object_foreach((json_t *)map, key, v) {
		bool known = false;
		if (key[0] == '$')
			continue; /* "$comment" */
		for (i = 0; i < SRC_NFIELDS; i++)
			if (strcmp(key, src_field_names[i]) == 0)
				known = true;
		if (!known) {
			ak_error("'%s.%s' is not a field auditkit knows (one of: %s)", where, key,
				 SRC_FIELDS);
			return AK_ERR_DATA;
		}
		if (!json_is_string(v) || json_string_length(v) == 0) {
			ak_error("'%s.%s' must be a non-empty string", where, key);
			return AK_ERR_DATA;
		}
	}
	return AK_OK;
}

char *src_first_url(const struct src_config *c)
{
	const struct shape *s = find(c->format);

	if (!s)
		return NULL;
	if (!s->first_url || strncmp(c->url, "file:", 5) == 0)
		return ak_strdup(c->url); /* a saved export is read as it is */
	return s->first_url(c);
}

ak_err src_parse_items(const struct src_config *c, const struct src_page *p,
		       struct risk_list *out)
{
	const struct shape *s = find(c->format);

	return s ? s->parse(c, p, out) : AK_ERR_INTERNAL;
}

ak_err src_next_page(const struct src_config *c, const struct src_page *p, char **next)
{
	const struct shape *s = find(c->format);

	*next = NULL;
	if (!s)
		return AK_ERR_INTERNAL;
	return s->next ? s->next(c, p, next) : AK_OK;
}

ak_err src_parse_page(const struct src_config *c, const struct src_page *p, struct risk_list *out,
		      char **next)
{
	ak_err err;

	*next = NULL;
	if ((err = src_parse_items(c, p, out)) != AK_OK)
		return err;
	return src_next_page(c, p, next);
}
