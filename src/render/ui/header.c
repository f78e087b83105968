#include "header.h"

#include <stdio.h>
#include <string.h>

#include "../json.h"

/* The header's fields: meminfo's own names, so that a figure can be found
 * in /proc/meminfo, and shorter ones for narrow terminals. */
struct field {
	const char *key;        /* meminfo */
	const char *label, *narrow;
	const char *json;
};

static const struct field fields[] = {
	{ "MemTotal", "MemTotal", "Total", "mem_total_bytes" },
	{ "MemFree", "MemFree", "Free", "mem_free_bytes" },
	{ "MemAvailable", "MemAvailable", "Avail", "mem_available_bytes" },
	{ "Slab", "Slab", "Slab", "slab_bytes" },
	{ "PageTables", "PageTables", "PgTbl", "page_tables_bytes" },
	{ "VmallocUsed", "VmallocUsed", "Vmalloc", "vmalloc_used_bytes" },
};

/* Below this width the short labels keep the header to three lines at 40
 * columns, leaving room for the screen itself at 40x10. */
#define NARROW 80

void ml_ui_header_wants(struct ml_ui_wants *w)
{
	w->load |= ML_LOAD_MEMINFO;
}

struct flow {
	struct ml_ui_lines *out;
	int y, x;
};

static void item(struct flow *fl, const char *label, const char *value)
{
	int w = ml_ui_text_width(label) + 1 + ml_ui_text_width(value);
	int gap = fl->x ? 2 : 0;
	if (fl->y < 0 || (fl->x && fl->x + gap + w > fl->out->width)) {
		fl->y = ml_ui_line_add(fl->out);
		fl->x = 0;
		gap = 0;
	}
	int x = ml_ui_put(fl->out, fl->y, fl->x + gap, ML_UI_LABEL, label);
	fl->x = ml_ui_put(fl->out, fl->y, x + 1, ML_UI_VALUE, value);
}

void ml_ui_header_draw(const struct ml_ui_frame *f, const struct ml_ui_view *v,
		       struct ml_ui_lines *out)
{
	struct flow fl = { out, -1, 0 };
	const struct ml_kv *mi = &f->sys.meminfo;
	bool narrow = out->width < NARROW;
	if (!f->has_sys || !(f->sys.loaded & ML_LOAD_MEMINFO)) {
		fl.y = ml_ui_line_add(out);
		ml_ui_put(out, fl.y, 0, ML_UI_NOTE, "/proc/meminfo could not be read");
		return;
	}
	char a[32], b[32], both[80];
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		uint64_t val;
		if (!ml_kv_get(mi, fields[i].key, &val)) {
			snprintf(a, sizeof(a), "-");
		} else {
			ml_ui_bytes(v, val, a, sizeof(a));
		}
		item(&fl, narrow ? fields[i].narrow : fields[i].label, a);
	}
	uint64_t total, freeb;
	if (ml_kv_get(mi, "SwapTotal", &total) && ml_kv_get(mi, "SwapFree", &freeb)) {
		ml_ui_bytes(v, total >= freeb ? total - freeb : 0, a, sizeof(a));
		ml_ui_bytes(v, total, b, sizeof(b));
		snprintf(both, sizeof(both), "%s/%s", a, b);
	} else {
		snprintf(both, sizeof(both), "-");
	}
	item(&fl, "Swap", both);
}

void ml_ui_header_json(const struct ml_ui_frame *f, cJSON *doc)
{
	cJSON *h = cJSON_AddObjectToObject(doc, "header");
	if (!h)
		return;
	const struct ml_kv *mi = &f->sys.meminfo;
	uint64_t val, total, freeb;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (ml_kv_get(mi, fields[i].key, &val))
			ml_json_add_u64(h, fields[i].json, val);
		else
			cJSON_AddNullToObject(h, fields[i].json);
	}
	if (ml_kv_get(mi, "SwapTotal", &total) && ml_kv_get(mi, "SwapFree", &freeb)) {
		ml_json_add_u64(h, "swap_total_bytes", total);
		ml_json_add_u64(h, "swap_used_bytes", total >= freeb ? total - freeb : 0);
	} else {
		cJSON_AddNullToObject(h, "swap_total_bytes");
		cJSON_AddNullToObject(h, "swap_used_bytes");
	}
}
