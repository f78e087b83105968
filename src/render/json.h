/* The one JSON document per run (libcjson): an envelope saying where the
 * data came from, then the command's own content. */
#ifndef ML_JSON_H
#define ML_JSON_H

#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "../model/system.h"

#define ML_JSON_SCHEMA 1

/* {"schema":1,"command":...,"source":...,"kernel":...,"arch":...,
 *  "page_size":...,"time":...,"unreadable":[...],"warnings":[...]} */
cJSON *ml_json_envelope(const char *command, const struct ml_system *sys);
/* An exact unsigned 64-bit integer member. */
void ml_json_add_u64(cJSON *obj, const char *key, uint64_t v);
void ml_json_add_i64(cJSON *obj, const char *key, int64_t v);
/* explain's zones left out of the checks (§4.4): node, zone, what is
 * unknown, and whether the known figures already rule the zone out. */
struct ml_unjudged_zone;
cJSON *ml_json_unchecked_zones(const struct ml_unjudged_zone *u, size_t n);
/* Print, free, and report a write error as ML_EIO. */
int ml_json_print(cJSON *root, FILE *f);

#endif
