#include "json.h"

#include <inttypes.h>
#include <stdlib.h>

#include "../analyse/explain.h"

void ml_json_add_u64(cJSON *obj, const char *key, uint64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	cJSON_AddRawToObject(obj, key, buf);
}

void ml_json_add_i64(cJSON *obj, const char *key, int64_t v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	cJSON_AddRawToObject(obj, key, buf);
}

static void add_notes(cJSON *root, const char *key, const struct ml_note *notes, size_t n)
{
	cJSON *arr = cJSON_AddArrayToObject(root, key);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(notes[i].text));
}

cJSON *ml_json_envelope(const char *command, const struct ml_system *sys)
{
	cJSON *root = cJSON_CreateObject();
	if (!root)
		return NULL;
	ml_json_add_u64(root, "schema", ML_JSON_SCHEMA);
	cJSON_AddStringToObject(root, "command", command);
	cJSON_AddStringToObject(root, "source", sys->source);
	cJSON_AddStringToObject(root, "kernel", sys->info.release);
	cJSON_AddStringToObject(root, "arch", sys->info.arch);
	ml_json_add_u64(root, "page_size", sys->page_size);
	if (sys->info.time[0])
		cJSON_AddStringToObject(root, "time", sys->info.time);
	else
		cJSON_AddNullToObject(root, "time");
	add_notes(root, "unreadable", sys->unreadable, sys->nunreadable);
	add_notes(root, "warnings", sys->warnings, sys->nwarnings);
	return root;
}

int ml_json_print(cJSON *root, FILE *f)
{
	char *s = cJSON_Print(root);
	cJSON_Delete(root);
	if (!s)
		return ML_ENOMEM;
	int bad = fputs(s, f) < 0 || fputc('\n', f) == EOF;
	free(s);
	return bad ? ML_EIO : ML_OK;
}

cJSON *ml_json_unchecked_zones(const struct ml_unjudged_zone *u, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		ml_json_add_i64(o, "node", u[i].node);
		cJSON_AddStringToObject(o, "zone", u[i].zone);
		cJSON_AddStringToObject(o, "unknown", u[i].no_watermarks ? "watermarks" : "free_blocks");
		cJSON_AddBoolToObject(o, "may_pass", u[i].may_pass);
		if (u[i].block_order >= 0)
			ml_json_add_i64(o, "block_order", u[i].block_order);
		else
			cJSON_AddNullToObject(o, "block_order");
		if (u[i].order0_known) {
			cJSON_AddBoolToObject(o, "order0_ok", u[i].order0_ok);
			ml_json_add_u64(o, "free_pages", u[i].free_pages);
			ml_json_add_u64(o, "unusable_pages", u[i].unusable_pages);
			ml_json_add_u64(o, "min_pages", u[i].mark_pages);
			ml_json_add_u64(o, "lowmem_reserve_pages", u[i].reserve_pages);
		}
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}
