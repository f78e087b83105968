/* memlayout zones: per node and zone, the physical range, sizes, free memory
 * against the watermarks, protection and the largest free block. */
#include <stdio.h>
#include <string.h>

#include "../analyse/zone_summary.h"
#include "../cli.h"
#include "../render/json.h"

enum {
	COL_NODE, COL_ZONE, COL_START, COL_END, COL_SPANNED, COL_PRESENT, COL_MANAGED,
	COL_FREE, COL_MIN, COL_LOW, COL_HIGH, COL_PROMO, COL_BOOST, COL_STATE,
	COL_LARGEST, COL_PROTECTION, COL_CMA, COL_PCP, NCOLS
};

static const struct ml_column columns[NCOLS] = {
	[COL_NODE] = { "NODE", "node", ML_COL_INT, 3, ML_COL_RIGHT | ML_COL_KEY, "NUMA node" },
	[COL_ZONE] = { "ZONE", "zone", ML_COL_STR, 8, ML_COL_DEFAULT | ML_COL_TREE | ML_COL_KEY, "zone name (tree: node, then its zones)" },
	[COL_START] = { "START", "start_address", ML_COL_HEX, 12, ML_COL_DEFAULT | ML_COL_RIGHT, "first physical address of the zone" },
	[COL_END] = { "END", "end_address", ML_COL_HEX, 12, ML_COL_DEFAULT | ML_COL_RIGHT, "last physical address of the zone's span" },
	[COL_SPANNED] = { "SPANNED", "spanned_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "size of the physical range, holes included" },
	[COL_PRESENT] = { "PRESENT", "present_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "RAM present in the range" },
	[COL_MANAGED] = { "MANAGED", "managed_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "RAM given to the buddy allocator" },
	[COL_FREE] = { "FREE", "free_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "free memory (NR_FREE_PAGES)" },
	[COL_MIN] = { "MIN", "min_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "min watermark (boost included)" },
	[COL_LOW] = { "LOW", "low_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "low watermark: below it kswapd wakes" },
	[COL_HIGH] = { "HIGH", "high_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "high watermark: kswapd reclaims up to it" },
	[COL_PROMO] = { "PROMO", "promo_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "promo watermark (NUMA tiering, 6.12+)" },
	[COL_BOOST] = { "BOOST", "boost_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "watermark boost after fragmenting fallbacks" },
	[COL_STATE] = { "STATE", "state", ML_COL_STR, 10, ML_COL_DEFAULT, "where free stands: above high, below high/low/min, empty" },
	[COL_LARGEST] = { "LARGEST", "largest_free_block_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "largest free block (buddyinfo)" },
	[COL_PROTECTION] = { "PROTECTION", NULL, ML_COL_STR, 16, ML_COL_DEFAULT, "lowmem_reserve in pages, by the requesting allocation's highest zone (JSON: protection_pages)" },
	[COL_CMA] = { "CMA", "cma_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "CMA pages in the zone" },
	[COL_PCP] = { "PCP", "pcp_bytes", ML_COL_BYTES, 6, ML_COL_RIGHT, "free pages on per-CPU lists (not in FREE)" },
};

static void help(FILE *f)
{
	fputs("Usage: memlayout zones [OPTIONS]\n\n"
	      "Per node and zone: physical range, present, managed and free memory, the\n"
	      "min/low/high watermarks and where free stands against them, protection\n"
	      "(lowmem_reserve), the largest free block, and one plain-language line per zone.\n\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nColumns (-o):\n", f);
	ml_table_help_columns(columns, NCOLS, f);
}

static const char *state_color(enum ml_wmark_state s)
{
	switch (s) {
	case ML_WMARK_BELOW_MIN:
		return "red";
	case ML_WMARK_BELOW_LOW:
		return "yellow";
	default:
		return NULL;
	}
}

static void fill_row(struct ml_table *t, int r, const struct ml_system *sys, const struct ml_zone *z)
{
	uint64_t ps = sys->page_size;
	ml_table_set_i64(t, r, COL_NODE, z->node);
	ml_table_set_str(t, r, COL_ZONE, z->name);
	if (z->has_start_pfn && z->spanned) {
		ml_table_set_u64(t, r, COL_START, z->start_pfn * ps);
		ml_table_set_u64(t, r, COL_END, (z->start_pfn + z->spanned) * ps - 1);
	}
	if (z->has_zoneinfo) {
		enum ml_wmark_state st = ml_zone_wmark_state(z);
		ml_table_set_u64(t, r, COL_SPANNED, z->spanned * ps);
		ml_table_set_u64(t, r, COL_PRESENT, z->present * ps);
		ml_table_set_u64(t, r, COL_MANAGED, z->managed * ps);
		ml_table_set_u64(t, r, COL_FREE, z->free_pages * ps);
		ml_table_set_u64(t, r, COL_MIN, z->wmark_min * ps);
		ml_table_set_u64(t, r, COL_LOW, z->wmark_low * ps);
		ml_table_set_u64(t, r, COL_HIGH, z->wmark_high * ps);
		if (z->has_promo)
			ml_table_set_u64(t, r, COL_PROMO, z->wmark_promo * ps);
		if (z->has_boost)
			ml_table_set_u64(t, r, COL_BOOST, z->boost * ps);
		ml_table_set_str(t, r, COL_STATE, ml_wmark_state_name(st));
		ml_table_set_color(t, r, COL_STATE, state_color(st));
		ml_table_set_color(t, r, COL_FREE, state_color(st));
		char prot[256];
		size_t len = 0;
		prot[0] = '\0';
		for (int j = 0; j < z->nprotection && len < sizeof(prot); j++)
			len += (size_t)snprintf(prot + len, sizeof(prot) - len, "%s%llu", j ? "," : "",
						(unsigned long long)z->protection[j]);
		ml_table_set_str(t, r, COL_PROTECTION, prot);
		ml_table_set_u64(t, r, COL_CMA, z->cma_pages * ps);
		ml_table_set_u64(t, r, COL_PCP, z->pcp_pages * ps);
	} else {
		ml_table_set_u64(t, r, COL_FREE, ml_zone_buddy_free_pages(sys, z) * ps);
	}
	if (z->has_buddy) {
		int lo = ml_zone_largest_order(sys, z);
		ml_table_set_u64(t, r, COL_LARGEST, lo >= 0 ? ps << lo : 0);
	}
}

int cmd_zones(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = { ML_COMMON_LONGOPTS, { NULL, 0, NULL, 0 } };
	int opt, rc;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (opt == 'h') {
			help(stdout);
			return ML_OK;
		}
		if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
			return rc;
		if (rc == 0)
			return ml_cli_bad_option(err, "zones");
	}
	if (optind < argc)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "zones takes no arguments ('%s')", argv[optind]);
	ml_cli_finish(cli);

	struct ml_system sys;
	rc = ml_cli_load(cli, &sys, ML_LOAD_BUDDYINFO | ML_LOAD_MEMINFO,
			 ML_LOAD_ZONEINFO, err);
	if (rc != ML_OK)
		return rc;
	ml_cli_print_notes(&sys);

	struct ml_table t;
	ml_table_init(&t, columns, NCOLS);
	int node_row = -1, last_node = -1;
	char summary[2048];
	for (size_t i = 0; i < sys.nzones; i++) {
		const struct ml_zone *z = &sys.zones[i];
		if (z->node != last_node) {
			/* A tree parent per node, text only (JSON rows carry "node"). */
			char name[32];
			snprintf(name, sizeof(name), "node %d", z->node);
			node_row = ml_table_add_row(&t, -1, ML_ROW_TEXT_ONLY);
			ml_table_set_str(&t, node_row, COL_ZONE, name);
			ml_table_set_i64(&t, node_row, COL_NODE, z->node);
			last_node = z->node;
		}
		int r = ml_table_add_row(&t, node_row, 0);
		if (r < 0) {
			rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
			goto out;
		}
		fill_row(&t, r, &sys, z);
	}

	if (cli->out.json) {
		cJSON *root = ml_json_envelope("zones", &sys), *arr = NULL;
		rc = ml_table_to_json(&t, &cli->out, &arr, err);
		if (rc != ML_OK) {
			cJSON_Delete(root);
			goto out;
		}
		/* Arrays and sentences that do not fit a table cell. */
		cJSON *o = arr->child;
		for (size_t i = 0; i < sys.nzones && o; i++, o = o->next) {
			const struct ml_zone *z = &sys.zones[i];
			cJSON *prot = cJSON_CreateArray();
			for (int j = 0; j < z->nprotection; j++) {
				char b[32];
				snprintf(b, sizeof(b), "%llu", (unsigned long long)z->protection[j]);
				cJSON_AddItemToArray(prot, cJSON_CreateRaw(b));
			}
			cJSON_AddItemToObject(o, "protection_pages", prot);
			ml_zone_summary(&sys, z, summary, sizeof(summary));
			cJSON_AddStringToObject(o, "summary", summary);
		}
		cJSON_AddItemToObject(root, "zones", arr);
		rc = ml_json_print(root, stdout);
		if (rc != ML_OK)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
		goto out;
	}
	rc = ml_table_print(&t, &cli->out, stdout, err);
	if (rc == ML_OK && !cli->out.raw && !cli->out.noheadings) {
		putchar('\n');
		for (size_t i = 0; i < sys.nzones; i++) {
			ml_zone_summary(&sys, &sys.zones[i], summary, sizeof(summary));
			printf("%s\n", summary);
		}
	}
out:
	ml_table_free(&t);
	ml_system_free(&sys);
	return rc;
}
