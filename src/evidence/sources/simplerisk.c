/* evidence/sources/simplerisk.c: SimpleRisk's API v2 (GET /api/v2/risks with an
 * X-API-KEY header): {"status": 200, "status_message": ..., "data":
 * {"risks": [...]}}. SimpleRisk scores risks 0-10 (calculated_risk), so its
 * own default bands name the level: Low below 4, Medium below 7, High below
 * 10, Very High at 10. The classic likelihood and impact are 1-5. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/sources/common.h"
#include "core/util.h"

static const struct src_paths defaults = {{
	[SRC_F_ID] = "id",
	[SRC_F_TITLE] = "subject",
	[SRC_F_DESCRIPTION] = "assessment",
	[SRC_F_OWNER] = "owner",
	[SRC_F_LIKELIHOOD] = "CLASSIC_likelihood|likelihood",
	[SRC_F_IMPACT] = "CLASSIC_impact|impact",
	[SRC_F_LEVEL] = "calculated_risk",
	[SRC_F_LEVEL_LABEL] = "risk_level",
	[SRC_F_TREATMENT] = "planning_strategy|mitigation_planning_strategy",
	[SRC_F_STATUS] = "status",
}};

char *src_simplerisk_first_url(const struct src_config *c)
{
	return src_url_default_path(c->url, "/api/v2/risks");
}

static const char *band(double level)
{
	if (level >= 10)
		return "Very High";
	if (level >= 7)
		return "High";
	if (level >= 4)
		return "Medium";
	return "Low";
}

/* A status other than 200 in the envelope: the server says it failed. */
static ak_err status(const struct src_page *p, const cJSON *root)
{
	const cJSON *st = src_json_get(root, "status"), *m;
	const char *msg;

	if (!st || (cJSON_IsNumber(st) && st->valuedouble == 200) ||
	    (cJSON_IsString(st) && strcmp(st->valuestring, "200") == 0))
		return AK_OK;
	m = src_json_get(root, "status_message");
	msg = cJSON_IsString(m) ? m->valuestring : NULL;
	return src_shape_error(p, "status: the server reported a failure%s%s", msg ? ": " : "",
			       msg ? msg : "");
}

/* The level's label from SimpleRisk's bands, where the risk has none. */
static ak_err label(const struct src_config *c, const struct src_page *p, const cJSON *item,
		    const char *where, struct risk *r)
{
	(void)c, (void)p, (void)item, (void)where;
	if (r->has_level && !r->level_label && !(r->level_label = ak_strdup(band(r->level))))
		return AK_ERR_NOMEM;
	return AK_OK;
}

/* Contract: appends the risks in data.risks (SimpleRisk does not page). A
 * status other than 200 in the envelope is a source error reported as bad
 * data naming `status`. */
ak_err src_simplerisk_parse(const struct src_config *c, const struct src_page *p,
			    struct risk_list *out)
{
	static const struct src_items how = {"'status' and 'data'", "data.risks", &defaults, NULL,
					     status, label};

	return src_parse_json_items(c, p, out, &how);
}
