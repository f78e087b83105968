/* The system model built from whole captures through the reading layer:
 * zones joined across zoneinfo, buddyinfo and pagetypeinfo, cross-checks,
 * page size. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "model/system.h"
#include "source/source.h"

static void load(const char *rel, unsigned want, struct ml_system *sys)
{
	char dir[4096];
	struct ml_source src;
	struct ml_error err = { 0 };
	snprintf(dir, sizeof(dir), "%s/%s", ML_FIXTURES, rel);
	assert_int_equal(ml_source_open(&src, dir, &err), ML_OK);
	int rc = ml_system_load(sys, &src, want, ML_LOAD_ZONEINFO | ML_LOAD_BUDDYINFO, &err);
	if (rc != ML_OK)
		fail_msg("%s:%lu: %s", err.file, err.line, err.message);
	ml_source_close(&src);
}

static const unsigned ALL = ML_LOAD_PAGETYPEINFO | ML_LOAD_MEMINFO | ML_LOAD_VMSTAT |
			    ML_LOAD_SYSCTL | ML_LOAD_EXTFRAG;

static void test_system_vm618_zones_joined_across_files(void **state)
{
	(void)state;
	struct ml_system sys;
	load("captured/vm-6.18-x86_64", ALL, &sys);
	assert_int_equal(sys.nzones, 5);
	assert_int_equal(sys.nnodes, 1);
	assert_int_equal(sys.norders, 11);
	assert_int_equal(sys.pageblock_order, 9);
	assert_int_equal(sys.page_size, 4096);
	assert_false(sys.page_size_assumed);
	struct ml_zone *n = ml_system_zone(&sys, 0, "Normal");
	assert_non_null(n);
	assert_int_equal(n->index, 2);
	assert_int_equal(n->kind, ML_ZONE_NORMAL);
	assert_int_equal(n->managed, 294912);
	assert_int_equal(n->free_blocks[10], 89);
	/* 486 + 604*2 + 351*4 + 193*8 + 53*16 + 20*32 + 18*64 + 12*128 + 3*256
	 * + 1*512 + 89*1024 = 101234 pages in the buddy lists; zoneinfo says 101250. */
	assert_int_equal(ml_zone_buddy_free_pages(&sys, n), 101234);
	assert_int_equal(n->free_pages, 101250);
	assert_int_equal(n->pageblocks[ml_system_type(&sys, "Movable")], 503);
	assert_int_equal(n->type_blocks[ml_system_type(&sys, "Unmovable")][0], 386);
	struct ml_zone *dev = ml_system_zone(&sys, 0, "Device");
	assert_non_null(dev);
	assert_int_equal(dev->index, 4);
	assert_false(dev->has_buddy);
	assert_int_equal(sys.vm.min_free_kbytes, 67584);
	assert_int_equal(sys.vm.nlowmem_reserve_ratio, 5);
	assert_int_equal(sys.vm.extfrag_threshold, 500);
	/* The capture's MemTotal/MemFree include memory the zones do not manage
	 * yet: warned about once (MemFree differs for the same reason); the
	 * indices match debugfs (no warning). */
	assert_int_equal(sys.nwarnings, 1);
	assert_non_null(strstr(sys.warnings[0].text, "MemTotal"));
	assert_int_equal(sys.nunreadable, 0);
	ml_system_free(&sys);
}

static void test_system_i386_highmem_zone_indices(void **state)
{
	(void)state;
	struct ml_system sys;
	load("captured/qemu-i386-6.1-3g-highmem", ALL, &sys);
	assert_int_equal(sys.nzones, 4);
	struct ml_zone *h = ml_system_zone(&sys, 0, "HighMem");
	assert_non_null(h);
	assert_int_equal(h->index, 2);
	assert_int_equal(h->kind, ML_ZONE_HIGHMEM);
	assert_int_equal(h->managed, 562146);
	assert_int_equal(h->free_blocks[10], 541);
	assert_int_equal(sys.pageblock_order, 10);
	/* Normal protects 17567 pages from HighMem-capable requests. */
	struct ml_zone *n = ml_system_zone(&sys, 0, "Normal");
	assert_int_equal(n->protection[2], 17567);
	assert_int_equal(sys.nwarnings, 0);
	ml_system_free(&sys);
}

static void test_system_arm64_cma_type_present(void **state)
{
	(void)state;
	struct ml_system sys;
	load("captured/qemu-arm64-6.1-2g", ALL, &sys);
	int cma = ml_system_type(&sys, "CMA");
	assert_true(cma >= 0);
	struct ml_zone *d = ml_system_zone(&sys, 0, "DMA");
	assert_int_equal(d->pageblocks[cma], 32);
	assert_int_equal(d->cma_pages, 16384);
	assert_int_equal(sys.nwarnings, 0);
	ml_system_free(&sys);
}

static void test_system_public_snapshot_without_page_size_derives_it(void **state)
{
	(void)state;
	struct ml_system sys;
	/* node_exporter's fixture has no PAGE_SIZE file. */
	load("public/node-exporter", ML_LOAD_MEMINFO, &sys);
	assert_int_equal(sys.page_size, 4096);
	assert_true(sys.nunreadable >= 1);
	assert_non_null(strstr(sys.unreadable[0].text, "page size"));
	ml_system_free(&sys);
}

static void test_system_missing_optional_file_is_noted_once(void **state)
{
	(void)state;
	struct ml_system sys;
	/* prometheus-procfs has no pagetypeinfo: noted, not fatal. */
	load("public/prometheus-procfs", ML_LOAD_PAGETYPEINFO, &sys);
	size_t notes = 0;
	for (size_t i = 0; i < sys.nunreadable; i++)
		notes += strstr(sys.unreadable[i].text, "pagetypeinfo: missing") != NULL;
	assert_int_equal(notes, 1);
	assert_false(sys.loaded & ML_LOAD_PAGETYPEINFO);
	ml_system_free(&sys);
}

static void test_system_missing_required_file_is_an_error(void **state)
{
	(void)state;
	struct ml_system sys;
	struct ml_source src;
	struct ml_error err = { 0 };
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/public/jc", ML_FIXTURES);
	assert_int_equal(ml_source_open(&src, dir, &err), ML_OK);
	assert_int_equal(ml_system_load(&sys, &src, 0, ML_LOAD_ZONEINFO, &err), ML_ENOENT);
	assert_non_null(strstr(err.file, "/proc/zoneinfo"));
	assert_string_equal(err.message, "missing");
	ml_source_close(&src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_system_vm618_zones_joined_across_files),
		cmocka_unit_test(test_system_i386_highmem_zone_indices),
		cmocka_unit_test(test_system_arm64_cma_type_present),
		cmocka_unit_test(test_system_public_snapshot_without_page_size_derives_it),
		cmocka_unit_test(test_system_missing_optional_file_is_noted_once),
		cmocka_unit_test(test_system_missing_required_file_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
