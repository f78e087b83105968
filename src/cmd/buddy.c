/* memlayout buddy: free blocks per order per zone with a bar, per migrate
 * type (--by-type), pageblocks per type, and the fragmentation indices as
 * the kernel's debugfs extfrag files compute them (kernel-model §6). */
#include <stdio.h>
#include <string.h>

#include "../analyse/fragmentation.h"
#include "../cli.h"
#include "../render/json.h"

enum {
	COL_NODE, COL_ZONE, COL_ORDER, COL_BLOCK, COL_COUNT, COL_FREE, COL_SHARE, COL_BAR,
	COL_UNUSABLE, COL_FRAGINDEX, NBASE
};

static const struct ml_column base_columns[NBASE] = {
	[COL_NODE] = { "NODE", "node", ML_COL_INT, 3, ML_COL_RIGHT | ML_COL_KEY, "NUMA node" },
	[COL_ZONE] = { "ZONE", "zone", ML_COL_STR, 8, ML_COL_DEFAULT | ML_COL_TREE | ML_COL_KEY, "zone (tree: node, zone, orders)" },
	[COL_ORDER] = { "ORDER", "order", ML_COL_INT, 3, ML_COL_DEFAULT | ML_COL_RIGHT | ML_COL_KEY, "buddy order: blocks of 2^order pages" },
	[COL_BLOCK] = { "BLOCK", "block_bytes", ML_COL_BYTES, 5, ML_COL_DEFAULT | ML_COL_RIGHT, "size of one block of this order" },
	[COL_COUNT] = { "COUNT", "count", ML_COL_COUNT, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "free blocks of this order" },
	[COL_FREE] = { "FREE", "free_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "memory in those blocks" },
	[COL_SHARE] = { "SHARE", "share_percent", ML_COL_PERMILLE, 6, ML_COL_RIGHT, "share of the zone's free memory" },
	[COL_BAR] = { "BAR", NULL, ML_COL_STR, 20, ML_COL_DEFAULT, "share of the zone's free memory as a bar" },
	[COL_UNUSABLE] = { "UNUSABLE", "unusable_index", ML_COL_THOUSANDTHS, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "unusable free space index at this order (0 = all usable, 1 = none)" },
	[COL_FRAGINDEX] = { "FRAGINDEX", "extfrag_index", ML_COL_THOUSANDTHS, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "external fragmentation index: -1 a block exists; near 0 lack of memory, near 1 fragmentation" },
};

enum { OPT_BY_TYPE = ML_OPT_FIRST_COMMAND_OPTION };

static void help(FILE *f)
{
	fputs("Usage: memlayout buddy [OPTIONS]\n\n"
	      "Free blocks per order in every zone (/proc/buddyinfo), with the unusable free\n"
	      "space index and the external fragmentation index computed as the kernel's\n"
	      "debugfs extfrag files do.\n\n"
	      "Options:\n"
	      "  -t, --by-type        split the counts by migrate type and show pageblocks per\n"
	      "                       type (/proc/pagetypeinfo, readable by root only)\n\n",
	      f);
	ml_cli_help_common(f);
	fputs("\nColumns (-o):\n", f);
	ml_table_help_columns(base_columns, NBASE, f);
	fputs("  TYPE columns with --by-type: one per migrate type the kernel lists, named\n"
	      "               after it (UNMOVABLE, MOVABLE, RECLAIMABLE, HIGHATOMIC, CMA, ISOLATE)\n",
	      f);
}

static void bar(char *buf, size_t n, uint64_t part, uint64_t whole)
{
	size_t width = 20, fill = whole ? (size_t)((part * width + whole / 2) / whole) : 0;
	if (part && fill == 0)
		fill = 1;
	if (fill > width)
		fill = width;
	if (fill >= n)
		fill = n - 1;
	memset(buf, '#', fill);
	buf[fill] = '\0';
}

/* Pageblocks per migrate type: a second table. */
enum { PB_NODE, PB_ZONE, PB_TYPE, PB_BLOCKS, PB_SIZE, PB_FREE, NPB };
static const struct ml_column pb_columns[NPB] = {
	[PB_NODE] = { "NODE", "node", ML_COL_INT, 3, ML_COL_RIGHT | ML_COL_KEY, "NUMA node" },
	[PB_ZONE] = { "ZONE", "zone", ML_COL_STR, 8, ML_COL_DEFAULT, "zone" },
	[PB_TYPE] = { "TYPE", "type", ML_COL_STR, 11, ML_COL_DEFAULT, "migrate type" },
	[PB_BLOCKS] = { "PAGEBLOCKS", "pageblocks", ML_COL_COUNT, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "pageblocks of this type" },
	[PB_SIZE] = { "SIZE", "size_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "memory in those pageblocks" },
	[PB_FREE] = { "FREE", "free_bytes", ML_COL_BYTES, 6, ML_COL_DEFAULT | ML_COL_RIGHT, "free memory on this type's lists" },
};

int cmd_buddy(int argc, char **argv, struct ml_cli *cli, struct ml_error *err)
{
	static const struct option longopts[] = {
		ML_COMMON_LONGOPTS,
		{ "by-type", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	bool by_type = false;
	int opt, rc;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ML_COMMON_SHORTOPTS "t", longopts, NULL)) != -1) {
		if (opt == 'h') {
			help(stdout);
			return ML_OK;
		}
		if (opt == 't') {
			by_type = true;
			continue;
		}
		if ((rc = ml_cli_common(cli, opt, optarg, err)) < 0)
			return rc;
		if (rc == 0)
			return ml_cli_bad_option(err, "buddy");
	}
	if (optind < argc)
		return ml_error_set(err, ML_EUSAGE, NULL, 0, "buddy takes no arguments ('%s')", argv[optind]);
	ml_cli_finish(cli);

	struct ml_system sys;
	rc = ml_cli_load(cli, &sys,
			 ML_LOAD_ZONEINFO | ML_LOAD_EXTFRAG | (by_type ? ML_LOAD_PAGETYPEINFO : 0),
			 ML_LOAD_BUDDYINFO, err);
	if (rc != ML_OK)
		return rc;
	ml_cli_print_notes(&sys);
	bool types = by_type && (sys.loaded & ML_LOAD_PAGETYPEINFO);
	/* Without pagetypeinfo the model's note has said why once; the totals
	 * per order are still shown. */

	/* Base columns plus one per migrate type. */
	struct ml_column cols[NBASE + ML_MAX_MIGRATE_TYPES];
	char type_hdr[ML_MAX_MIGRATE_TYPES][ML_NAME], type_key[ML_MAX_MIGRATE_TYPES][ML_NAME + 8];
	memcpy(cols, base_columns, sizeof(base_columns));
	size_t ncols = NBASE;
	if (types) {
		for (int ty = 0; ty < sys.ntypes; ty++) {
			size_t k;
			for (k = 0; sys.type_names[ty][k] && k + 1 < sizeof(type_hdr[ty]); k++)
				type_hdr[ty][k] = (char)(sys.type_names[ty][k] >= 'a' && sys.type_names[ty][k] <= 'z'
							 ? sys.type_names[ty][k] - 32 : sys.type_names[ty][k]);
			type_hdr[ty][k] = '\0';
			snprintf(type_key[ty], sizeof(type_key[ty]), "count_%s", sys.type_names[ty]);
			for (char *p = type_key[ty]; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p + 32);
			cols[ncols++] = (struct ml_column){ type_hdr[ty], type_key[ty], ML_COL_COUNT, 6,
							    ML_COL_DEFAULT | ML_COL_RIGHT, "free blocks of this type" };
		}
		/* The bar and share make less sense than the type split here. */
		cols[COL_BAR].flags &= ~(unsigned)ML_COL_DEFAULT;
	}

	struct ml_table t, pb;
	ml_table_init(&t, cols, ncols);
	ml_table_init(&pb, pb_columns, NPB);
	uint64_t ps = sys.page_size;
	int node_row = -1, last_node = -1;
	char buf[64];
	for (size_t i = 0; i < sys.nzones; i++) {
		const struct ml_zone *z = &sys.zones[i];
		if (!z->has_buddy)
			continue;
		if (z->node != last_node) {
			snprintf(buf, sizeof(buf), "node %d", z->node);
			node_row = ml_table_add_row(&t, -1, ML_ROW_TEXT_ONLY);
			ml_table_set_str(&t, node_row, COL_ZONE, buf);
			last_node = z->node;
		}
		uint64_t zone_free = ml_zone_buddy_free_pages(&sys, z), nblocks = 0;
		int zr = ml_table_add_row(&t, node_row, ML_ROW_TEXT_ONLY);
		ml_table_set_str(&t, zr, COL_ZONE, z->name);
		ml_table_set_u64(&t, zr, COL_FREE, zone_free * ps);
		for (int k = 0; k < sys.norders; k++) {
			int r = ml_table_add_row(&t, zr, 0);
			if (r < 0) {
				rc = ml_error_set(err, ML_ENOMEM, NULL, 0, "out of memory");
				goto out;
			}
			uint64_t freeb = (z->free_blocks[k] << k) * ps;
			nblocks += z->free_blocks[k];
			ml_table_set_i64(&t, r, COL_NODE, z->node);
			ml_table_set_str(&t, r, COL_ZONE, z->name);
			ml_table_json_only(&t, r, COL_ZONE);
			ml_table_set_i64(&t, r, COL_ORDER, k);
			ml_table_set_u64(&t, r, COL_BLOCK, ps << k);
			ml_table_set_u64(&t, r, COL_COUNT, z->free_blocks[k]);
			ml_table_set_u64(&t, r, COL_FREE, freeb);
			ml_table_set_i64(&t, r, COL_SHARE, zone_free ? (int64_t)((z->free_blocks[k] << k) * 1000 / zone_free) : 0);
			bar(buf, sizeof(buf), z->free_blocks[k] << k, zone_free);
			ml_table_set_str(&t, r, COL_BAR, buf);
			ml_table_set_i64(&t, r, COL_UNUSABLE, ml_unusable_index(z->free_blocks, sys.norders, k));
			ml_table_set_i64(&t, r, COL_FRAGINDEX, ml_extfrag_index(z->free_blocks, sys.norders, k));
			if (types && z->has_types)
				for (int ty = 0; ty < sys.ntypes; ty++)
					ml_table_set_u64(&t, r, NBASE + (size_t)ty, z->type_blocks[ty][k]);
		}
		ml_table_set_u64(&t, zr, COL_COUNT, nblocks);
		if (types && z->has_pageblocks) {
			for (int ty = 0; ty < sys.ntypes; ty++) {
				int r = ml_table_add_row(&pb, -1, 0);
				uint64_t type_free = 0;
				for (int k = 0; k < sys.norders; k++)
					type_free += z->type_blocks[ty][k] << k;
				ml_table_set_i64(&pb, r, PB_NODE, z->node);
				ml_table_set_str(&pb, r, PB_ZONE, z->name);
				ml_table_set_str(&pb, r, PB_TYPE, sys.type_names[ty]);
				ml_table_set_u64(&pb, r, PB_BLOCKS, z->pageblocks[ty]);
				if (sys.pageblock_order >= 0)
					ml_table_set_u64(&pb, r, PB_SIZE, (z->pageblocks[ty] << sys.pageblock_order) * ps);
				ml_table_set_u64(&pb, r, PB_FREE, type_free * ps);
			}
		}
	}

	if (cli->out.json) {
		cJSON *root = ml_json_envelope("buddy", &sys), *arr = NULL, *pbarr = NULL;
		ml_json_add_i64(root, "max_order", sys.norders - 1);
		if (sys.pageblock_order >= 0)
			ml_json_add_i64(root, "pageblock_order", sys.pageblock_order);
		else
			cJSON_AddNullToObject(root, "pageblock_order");   /* needs pagetypeinfo */
		rc = ml_table_to_json(&t, &cli->out, &arr, err);
		if (rc == ML_OK && types) {
			struct ml_output pbout = cli->out;
			pbout.columns = NULL;
			rc = ml_table_to_json(&pb, &pbout, &pbarr, err);
		}
		if (rc != ML_OK) {
			cJSON_Delete(arr);
			cJSON_Delete(root);
			goto out;
		}
		cJSON_AddItemToObject(root, "orders", arr);
		if (pbarr)
			cJSON_AddItemToObject(root, "pageblocks", pbarr);
		rc = ml_json_print(root, stdout);
		if (rc != ML_OK)
			ml_error_set(err, rc, NULL, 0, "cannot write the JSON document");
		goto out;
	}
	rc = ml_table_print(&t, &cli->out, stdout, err);
	if (rc == ML_OK && types && pb.nrows) {
		struct ml_output pbout = cli->out;
		pbout.columns = NULL;
		if (!cli->out.raw && !cli->out.noheadings)
			printf("\nPageblocks (%llu pages each, order %d) by migrate type:\n",
			       1ULL << (sys.pageblock_order >= 0 ? sys.pageblock_order : 0), sys.pageblock_order);
		rc = ml_table_print(&pb, &pbout, stdout, err);
	}
out:
	ml_table_free(&t);
	ml_table_free(&pb);
	ml_system_free(&sys);
	return rc;
}
