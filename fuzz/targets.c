/* The parsers' contracts, checked on any bytes (see targets.h). */
#include "targets.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyse/gfp.h"
#include "analyse/explain.h"
#include "analyse/fragmentation.h"
#include "analyse/slab_usage.h"
#include "analyse/vmalloc_space.h"
#include "analyse/zone_summary.h"
#include "source/source.h"
#include "model/system.h"
#include "parse/buddyinfo.h"
#include "parse/extfrag.h"
#include "parse/failure_report.h"
#include "parse/kvfile.h"
#include "parse/pagetypeinfo.h"
#include "parse/slabinfo.h"
#include "parse/smaps.h"
#include "parse/vmallocinfo.h"
#include "parse/zoneinfo.h"
#include "util/error.h"
#include "util/kv.h"
#include "util/text.h"

#define FILE_NAME "fuzz-input"

/* A sentence about what broke; static because the caller prints it once. */
static char broke[512];

static const char *fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(broke, sizeof(broke), fmt, ap);
	va_end(ap);
	return broke;
}

static unsigned long count_lines(const uint8_t *d, size_t n)
{
	unsigned long l = 0;
	for (size_t i = 0; i < n; i++)
		l += d[i] == '\n';
	return l + 1;
}

/* The error half of every contract: rc is 0 or one of `allowed` (negative
 * ML_E* codes, 0-terminated); a non-zero rc comes with err filled, naming the
 * file (when `file` is given) and a line inside the input. */
static const char *check_rc(const char *what, int rc, const struct ml_error *err, const int *allowed,
			    const char *file, const uint8_t *d, size_t n)
{
	if (rc == 0)
		return NULL;
	bool ok = false;
	for (const int *a = allowed; *a; a++)
		ok |= rc == *a;
	if (!ok)
		return fail("%s returned %d, not 0 or an allowed negative ML_E* code", what, rc);
	if (err->code != rc)
		return fail("%s returned %d but err.code is %d", what, rc, err->code);
	if (!err->message[0])
		return fail("%s returned %d with an empty message", what, rc);
	if (!memchr(err->message, '\0', sizeof(err->message)) || !memchr(err->file, '\0', sizeof(err->file)))
		return fail("%s: err not NUL-terminated", what);
	if (file && rc != ML_ENOMEM && strcmp(err->file, file) != 0)
		return fail("%s: error does not name the file (got '%s')", what, err->file);
	if (file && err->line > count_lines(d, n))
		return fail("%s: error line %lu beyond the %lu lines of the input", what, err->line,
			    count_lines(d, n));
	return NULL;
}

/* The kernel ends every line of a /proc or debugfs file with "\n": text
 * after the last one that is not blank was cut, maybe inside a number ("6"
 * of "67584"), and must not be read as if whole.  digits_only: only a last
 * line ending in a digit counts (zoneinfo's last line "protection: (...)"
 * is whole without its newline). */
static const char *check_not_cut(const char *what, int rc, const uint8_t *d, size_t n, bool digits_only)
{
	if (rc != 0 || n == 0)
		return NULL;
	size_t i = n;
	while (i > 0 && d[i - 1] != '\n')
		i--;
	bool blank = true;
	for (size_t k = i; k < n; k++)
		blank &= d[k] == ' ' || d[k] == '\t' || d[k] == '\r' || d[k] == '\v' || d[k] == '\f';
	if (blank)
		return NULL;
	if (digits_only && !(d[n - 1] >= '0' && d[n - 1] <= '9'))
		return NULL;
	return fail("%s read a last line without its newline (cut?) as whole", what);
}

static const int parse_codes[] = { ML_EPARSE, ML_ENOMEM, 0 };
static const int usage_codes[] = { ML_EUSAGE, 0 };

static bool name_ok(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

static const char *check_kv(const char *what, const struct ml_kv *kv)
{
	if (kv->n > kv->cap)
		return fail("%s: kv n %zu > cap %zu", what, kv->n, kv->cap);
	for (size_t i = 0; i < kv->n; i++)
		if (!name_ok(kv->v[i].name, sizeof(kv->v[i].name)))
			return fail("%s: kv name %zu not NUL-terminated", what, i);
	return NULL;
}

#define CHECK(expr)                                       \
	do {                                              \
		const char *m_ = (expr);                  \
		if (m_) {                                 \
			msg = m_;                         \
			goto out;                         \
		}                                         \
	} while (0)
#define REQUIRE(cond, ...)                                \
	do {                                              \
		if (!(cond)) {                            \
			msg = fail(__VA_ARGS__);          \
			goto out;                         \
		}                                         \
	} while (0)

/* ------------------------------------------------------------ /proc files */

static const char *run_zoneinfo(const uint8_t *d, size_t n)
{
	struct ml_zoneinfo zi = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_zoneinfo((const char *)d, n, FILE_NAME, &zi, &err);
	CHECK(check_rc("ml_parse_zoneinfo", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_zoneinfo", rc, d, n, true));
	if (rc != 0)
		goto out;
	for (size_t i = 0; i < zi.nzones; i++) {
		const struct ml_zoneinfo_zone *z = &zi.zones[i];
		REQUIRE(z->node >= 0 && z->node < ML_MAX_NODES, "zone %zu: node %d out of range", i, z->node);
		REQUIRE(name_ok(z->name, sizeof(z->name)) && z->name[0], "zone %zu: bad name", i);
		REQUIRE(z->nprotection >= 0 && z->nprotection <= ML_MAX_ZONES, "zone %zu: nprotection %d", i,
			z->nprotection);
		REQUIRE(z->npcp_cpus >= 0, "zone %zu: npcp_cpus %d", i, z->npcp_cpus);
		REQUIRE(z->node_unreclaimable >= -1 && z->node_unreclaimable <= 1,
			"zone %zu: node_unreclaimable %d", i, z->node_unreclaimable);
		CHECK(check_kv("zoneinfo stats", &z->stats));
		/* The model keys zones by (node, name): two zones alike would
		 * make the second one's figures vanish from every table. */
		for (size_t j = 0; j < i; j++)
			REQUIRE(zi.zones[j].node != z->node || strcmp(zi.zones[j].name, z->name) != 0,
				"zone %zu: Node %d %s listed twice", i, z->node, z->name);
	}
	for (size_t i = 0; i < zi.nnodes; i++)
		CHECK(check_kv("zoneinfo node stats", &zi.nodes[i].stats));
out:
	ml_zoneinfo_free(&zi);
	return msg;
}

static const char *run_buddyinfo(const uint8_t *d, size_t n)
{
	struct ml_buddyinfo bi = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_buddyinfo((const char *)d, n, FILE_NAME, &bi, &err);
	CHECK(check_rc("ml_parse_buddyinfo", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_buddyinfo", rc, d, n, false));
	if (rc != 0) {
		REQUIRE(bi.rows == NULL && bi.nrows == 0, "buddyinfo: rows left behind after an error");
		goto out;
	}
	REQUIRE(bi.nrows == 0 || (bi.norders >= 1 && bi.norders <= ML_MAX_ORDERS), "buddyinfo: norders %d",
		bi.norders);
	for (size_t i = 0; i < bi.nrows; i++) {
		const struct ml_buddyinfo_row *r = &bi.rows[i];
		REQUIRE(r->node >= 0 && r->node < ML_MAX_NODES, "row %zu: node %d", i, r->node);
		REQUIRE(name_ok(r->zone, sizeof(r->zone)) && r->zone[0], "row %zu: bad zone name", i);
		for (size_t j = 0; j < i; j++)
			REQUIRE(bi.rows[j].node != r->node || strcmp(bi.rows[j].zone, r->zone) != 0,
				"row %zu: Node %d %s listed twice", i, r->node, r->zone);
	}
out:
	ml_buddyinfo_free(&bi);
	return msg;
}

static const char *run_pagetypeinfo(const uint8_t *d, size_t n)
{
	struct ml_pagetypeinfo pt = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_pagetypeinfo((const char *)d, n, FILE_NAME, &pt, &err);
	CHECK(check_rc("ml_parse_pagetypeinfo", rc, &err, parse_codes, FILE_NAME, d, n));
	if (rc != 0)
		goto out;
	REQUIRE(pt.ntypes >= 0 && pt.ntypes <= ML_MAX_MIGRATE_TYPES, "pagetypeinfo: ntypes %d", pt.ntypes);
	REQUIRE(pt.norders >= 0 && pt.norders <= ML_MAX_ORDERS, "pagetypeinfo: norders %d", pt.norders);
	REQUIRE(pt.pageblock_order >= -1 && pt.pageblock_order < 64, "pagetypeinfo: pageblock_order %d",
		pt.pageblock_order);
	for (int t = 0; t < pt.ntypes; t++)
		REQUIRE(name_ok(pt.type_names[t], ML_NAME), "type %d: name not terminated", t);
	for (size_t i = 0; i < pt.nfree; i++) {
		const struct ml_pagetype_row *r = &pt.free[i];
		REQUIRE(r->type >= 0 && r->type < pt.ntypes, "free row %zu: type %d of %d", i, r->type, pt.ntypes);
		REQUIRE(r->node >= 0 && r->node < ML_MAX_NODES, "free row %zu: node %d", i, r->node);
		REQUIRE(name_ok(r->zone, sizeof(r->zone)), "free row %zu: zone not terminated", i);
		REQUIRE(pt.norders >= 32 || (r->capped >> pt.norders) == 0, "free row %zu: capped bit beyond norders",
			i);
	}
	for (size_t i = 0; i < pt.nblocks; i++) {
		const struct ml_pageblock_row *r = &pt.blocks[i];
		REQUIRE(r->node >= 0 && r->node < ML_MAX_NODES, "block row %zu: node %d", i, r->node);
		REQUIRE(name_ok(r->zone, sizeof(r->zone)), "block row %zu: zone not terminated", i);
		for (int t = pt.ntypes; t < ML_MAX_MIGRATE_TYPES; t++)
			REQUIRE(!r->has[t], "block row %zu: has[%d] beyond ntypes", i, t);
	}
out:
	ml_pagetypeinfo_free(&pt);
	return msg;
}

static const char *run_meminfo(const uint8_t *d, size_t n)
{
	struct ml_kv kv = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_meminfo((const char *)d, n, FILE_NAME, &kv, &err);
	CHECK(check_rc("ml_parse_meminfo", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_meminfo", rc, d, n, false));
	CHECK(check_kv("meminfo", &kv));
	for (size_t i = 0; i < kv.n; i++)
		for (size_t j = 0; j < i; j++)
			REQUIRE(strcmp(kv.v[i].name, kv.v[j].name) != 0, "meminfo: '%s' kept twice", kv.v[i].name);
out:
	ml_kv_free(&kv);
	return msg;
}

static const char *run_vmstat(const uint8_t *d, size_t n)
{
	struct ml_kv kv = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_vmstat((const char *)d, n, FILE_NAME, &kv, &err);
	CHECK(check_rc("ml_parse_vmstat", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_vmstat", rc, d, n, false));
	CHECK(check_kv("vmstat", &kv));
out:
	ml_kv_free(&kv);
	return msg;
}

/* The /proc/sys/vm files: one number, or an array (lowmem_reserve_ratio). */
static const char *run_sysctl(const uint8_t *d, size_t n)
{
	struct ml_error err = { 0 };
	const char *msg = NULL;
	uint64_t v, arr[ML_MAX_ZONES + 1];
	size_t na = 12345;
	arr[ML_MAX_ZONES] = 0xfeedfacecafebeefull;
	int rc = ml_parse_sysctl_u64((const char *)d, n, FILE_NAME, &v, &err);
	CHECK(check_rc("ml_parse_sysctl_u64", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_sysctl_u64", rc, d, n, false));
	memset(&err, 0, sizeof(err));
	rc = ml_parse_sysctl_array((const char *)d, n, FILE_NAME, arr, ML_MAX_ZONES, &na, &err);
	CHECK(check_rc("ml_parse_sysctl_array", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_sysctl_array", rc, d, n, false));
	REQUIRE(arr[ML_MAX_ZONES] == 0xfeedfacecafebeefull, "sysctl array wrote past max");
	if (rc == 0)
		REQUIRE(na <= ML_MAX_ZONES, "sysctl array: n %zu > max", na);
out:
	return msg;
}

static const char *run_extfrag(const uint8_t *d, size_t n)
{
	struct ml_extfrag ef = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_extfrag((const char *)d, n, FILE_NAME, &ef, &err);
	CHECK(check_rc("ml_parse_extfrag", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_extfrag", rc, d, n, false));
	if (rc != 0)
		goto out;
	for (size_t i = 0; i < ef.nrows; i++) {
		const struct ml_extfrag_row *r = &ef.rows[i];
		REQUIRE(r->norders >= 1 && r->norders <= ML_MAX_ORDERS, "extfrag row %zu: norders %d", i, r->norders);
		for (int k = 0; k < r->norders; k++)
			REQUIRE(r->value[k] >= -1000 && r->value[k] <= 1000, "extfrag row %zu: value %d", i,
				r->value[k]);
	}
out:
	ml_extfrag_free(&ef);
	return msg;
}

static const char *run_slabinfo(const uint8_t *d, size_t n)
{
	struct ml_slabinfo si = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_slabinfo((const char *)d, n, FILE_NAME, &si, &err);
	CHECK(check_rc("ml_parse_slabinfo", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_slabinfo", rc, d, n, false));
	if (rc != 0) {
		REQUIRE(si.caches == NULL && si.ncaches == 0, "slabinfo: caches left behind after an error");
		goto out;
	}
	for (size_t i = 0; i < si.ncaches; i++) {
		const struct ml_slab_cache *c = &si.caches[i];
		REQUIRE(name_ok(c->name, sizeof(c->name)) && c->name[0], "cache %zu: bad name", i);
		REQUIRE(ml_slabinfo_find(&si, c->name) == c, "cache %zu: '%s' listed twice", i, c->name);
	}
out:
	ml_slabinfo_free(&si);
	return msg;
}

static const char *run_vmallocinfo(const uint8_t *d, size_t n)
{
	struct ml_vmallocinfo vi = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_vmallocinfo((const char *)d, n, FILE_NAME, &vi, &err);
	CHECK(check_rc("ml_parse_vmallocinfo", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_vmallocinfo", rc, d, n, false));
	if (rc != 0) {
		REQUIRE(vi.areas == NULL && vi.n == 0, "vmallocinfo: areas left behind after an error");
		goto out;
	}
	for (size_t i = 0; i < vi.n; i++) {
		const struct ml_vmalloc_area *a = &vi.areas[i];
		REQUIRE(a->nnode_pages <= ML_VMALLOC_NODE_PAIRS, "area %zu: nnode_pages %u", i, a->nnode_pages);
		REQUIRE(name_ok(a->caller, sizeof(a->caller)) && name_ok(a->module, sizeof(a->module)) &&
			name_ok(a->other, sizeof(a->other)), "area %zu: text not terminated", i);
		uint64_t sum = 0;
		for (unsigned k = 0; k < a->nnode_pages; k++)
			sum += a->node_pages[k].pages;
		REQUIRE(sum <= a->node_pages_total, "area %zu: stored node pages exceed the total", i);
	}
out:
	ml_vmallocinfo_free(&vi);
	return msg;
}

static const char *check_smaps(const struct ml_smaps *sm, bool fields_allowed)
{
	for (size_t i = 0; i < sm->n; i++) {
		const struct ml_mapping *m = &sm->maps[i];
		if (!m->name)
			return fail("mapping %zu: name is NULL", i);
		if (strnlen(m->perms, sizeof(m->perms)) != 4)
			return fail("mapping %zu: perms '%.5s' not 4 letters", i, m->perms);
		if (m->start > m->end)
			return fail("mapping %zu: start > end", i);
		if (i && sm->maps[i - 1].end > m->start)
			return fail("mapping %zu: not ascending / overlaps the previous one", i);
		if (!fields_allowed && m->fields.n)
			return fail("mapping %zu: fields in a maps file", i);
		if (!name_ok(m->vmflags, sizeof(m->vmflags)))
			return fail("mapping %zu: vmflags not terminated", i);
		const char *k = check_kv("smaps fields", &m->fields);
		if (k)
			return k;
	}
	return NULL;
}

static const char *run_maps(const uint8_t *d, size_t n)
{
	struct ml_smaps sm = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_maps((const char *)d, n, FILE_NAME, &sm, &err);
	CHECK(check_rc("ml_parse_maps", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_maps", rc, d, n, false));
	if (rc != 0) {
		REQUIRE(sm.maps == NULL && sm.n == 0, "maps: mappings left behind after an error");
		goto out;
	}
	CHECK(check_smaps(&sm, false));
out:
	ml_smaps_free(&sm);
	return msg;
}

static const char *run_smaps(const uint8_t *d, size_t n)
{
	struct ml_smaps sm = { 0 };
	struct ml_error err = { 0 };
	const char *msg = NULL;
	int rc = ml_parse_smaps((const char *)d, n, FILE_NAME, &sm, &err);
	CHECK(check_rc("ml_parse_smaps", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_smaps", rc, d, n, false));
	if (rc != 0) {
		REQUIRE(sm.maps == NULL && sm.n == 0, "smaps: mappings left behind after an error");
		goto out;
	}
	CHECK(check_smaps(&sm, true));
out:
	ml_smaps_free(&sm);
	return msg;
}

/* smaps_rollup goes through the smaps parser; its seeds differ, and the
 * "[rollup]" header pseudo-mapping spans first start .. last end. */
static const char *run_smaps_rollup(const uint8_t *d, size_t n)
{
	return run_smaps(d, n);
}

static const char *run_status(const uint8_t *d, size_t n)
{
	struct ml_proc_status st;
	struct ml_error err = { 0 };
	const char *msg = NULL;
	memset(&st, 0, sizeof(st));
	int rc = ml_parse_status((const char *)d, n, FILE_NAME, &st, &err);
	CHECK(check_rc("ml_parse_status", rc, &err, parse_codes, FILE_NAME, d, n));
	CHECK(check_not_cut("ml_parse_status", rc, d, n, false));
	if (rc != 0)
		goto out;
	REQUIRE(name_ok(st.name, sizeof(st.name)), "status: name not terminated");
	CHECK(check_kv("status", &st.mem));
out:
	ml_proc_status_free(&st);
	return msg;
}

/* ---------------------------------------------------- kernel log reports */

static const int nomem_codes[] = { ML_ENOMEM, 0 };

static const char *run_failure_report(const uint8_t *d, size_t n)
{
	struct ml_report_list list;
	struct ml_error err = { 0 };
	const char *msg = NULL;
	memset(&list, 0, sizeof(list));
	int rc = ml_parse_failure_reports((const char *)d, n, FILE_NAME, &list, &err);
	CHECK(check_rc("ml_parse_failure_reports", rc, &err, nomem_codes, NULL, d, n));
	if (rc != 0)
		goto out;
	unsigned long lines = count_lines(d, n);
	for (size_t i = 0; i < list.n; i++) {
		const struct ml_report *r = &list.v[i];
		REQUIRE(r->first_line >= 1 && r->first_line <= r->last_line && r->last_line <= lines,
			"report %zu: lines %lu..%lu of %lu", i, r->first_line, r->last_line, lines);
		REQUIRE(r->nframes >= 0 && r->nframes <= ML_REPORT_MAX_FRAMES, "report %zu: nframes %d", i,
			r->nframes);
		REQUIRE(r->norders >= 0 && r->norders <= ML_MAX_ORDERS, "report %zu: norders %d", i, r->norders);
		REQUIRE(name_ok(r->header, sizeof(r->header)) && name_ok(r->comm, sizeof(r->comm)) &&
			name_ok(r->mode_names, sizeof(r->mode_names)) && name_ok(r->kernel, sizeof(r->kernel)),
			"report %zu: text not terminated", i);
		for (size_t z = 0; z < r->nzones; z++) {
			const struct ml_report_zone *rz = &r->zones[z];
			REQUIRE(rz->norders >= 0 && rz->norders <= ML_MAX_ORDERS, "report %zu zone %zu: norders %d", i,
				z, rz->norders);
			REQUIRE(rz->nreserve >= 0 && rz->nreserve <= ML_MAX_ZONES, "report %zu zone %zu: nreserve %d",
				i, z, rz->nreserve);
			REQUIRE(name_ok(rz->name, sizeof(rz->name)), "report %zu zone %zu: name", i, z);
			CHECK(check_kv("report zone fields", &rz->fields));
		}
		for (size_t p = 0; p < r->nproblems; p++)
			REQUIRE(name_ok(r->problems[p], sizeof(r->problems[p])), "report %zu: problem %zu", i, p);
		/* What `report` does with each one. */
		char letters[16];
		for (size_t z = 0; z < r->nzones; z++)
			ml_report_type_letters(r->zones[z].types[0], letters, sizeof(letters));
		(void)ml_report_caller(r);
		(void)ml_report_kind_name(r->kind);
		(void)ml_report_kind_key(r->kind);
		(void)ml_vmalloc_failure_name(r->vmalloc_what);
		struct ml_system sys;
		struct ml_error e2 = { 0 };
		memset(&sys, 0, sizeof(sys));
		int rc2 = ml_report_to_system(r, FILE_NAME, &sys, &e2);
		const char *m2 = check_rc("ml_report_to_system", rc2, &e2, parse_codes, NULL, d, n);
		if (!m2 && rc2 == 0) {
			if (sys.norders < 0 || sys.norders > ML_MAX_ORDERS)
				m2 = fail("report %zu: system norders %d", i, sys.norders);
			if (sys.page_size == 0)
				m2 = fail("report %zu: system page size 0", i);
			for (size_t z = 0; !m2 && z < sys.nzones; z++)
				if (sys.zones[z].index < 0 || sys.zones[z].index >= ML_MAX_ZONES ||
				    sys.zones[z].nprotection < 0 || sys.zones[z].nprotection > ML_MAX_ZONES)
					m2 = fail("report %zu: system zone %zu index %d nprotection %d", i, z,
						  sys.zones[z].index, sys.zones[z].nprotection);
			ml_system_free(&sys);
		}
		if (m2) {
			msg = m2;
			goto out;
		}
	}
out:
	ml_report_list_free(&list);
	return msg;
}


/* ------------------------------------------------------------- the model */

/* A whole snapshot in one input: sections "@@ PATH\n" followed by the
 * file's bytes, e.g. "@@ proc/zoneinfo\n...@@ proc/buddyinfo\n...".  They are
 * written to a scratch directory and read back through the reading layer
 * exactly as `--sysroot` does; then the model is built from every file and
 * the analyses the commands run are run on it.  Parsers are fuzzed alone by
 * their own targets; this finds what the joins, cross-checks and arithmetic
 * do with figures no kernel prints (huge, zero, inconsistent). */
static const char *const model_files[] = {
	"proc/zoneinfo", "proc/buddyinfo", "proc/pagetypeinfo", "proc/meminfo", "proc/vmstat",
	"proc/slabinfo", "proc/vmallocinfo", "proc/sys/vm/min_free_kbytes",
	"proc/sys/vm/watermark_scale_factor", "proc/sys/vm/watermark_boost_factor",
	"proc/sys/vm/extfrag_threshold", "proc/sys/vm/lowmem_reserve_ratio",
	"proc/sys/kernel/kptr_restrict", "sys/kernel/debug/extfrag/unusable_index",
	"sys/kernel/debug/extfrag/extfrag_index", "PAGE_SIZE", "ARCH", "proc/version", "MANIFEST",
};
#define NMODEL_FILES (sizeof(model_files) / sizeof(model_files[0]))

static char model_dir[64];

static void model_dir_remove(void)
{
	char p[256];
	for (size_t i = 0; i < NMODEL_FILES; i++) {
		snprintf(p, sizeof(p), "%s/%s", model_dir, model_files[i]);
		unlink(p);
	}
	static const char *const dirs[] = { "sys/kernel/debug/extfrag", "sys/kernel/debug", "sys/kernel",
					    "sys", "proc/sys/kernel", "proc/sys/vm", "proc/sys", "proc", "" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", model_dir, dirs[i]);
		rmdir(p);
	}
}

static bool model_dir_make(void)
{
	if (model_dir[0])
		return true;
	snprintf(model_dir, sizeof(model_dir), "%s/ml-fuzz-model-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(model_dir)) {
		model_dir[0] = '\0';
		return false;
	}
	static const char *const dirs[] = { "proc", "proc/sys", "proc/sys/vm", "proc/sys/kernel", "sys",
					    "sys/kernel", "sys/kernel/debug", "sys/kernel/debug/extfrag" };
	char p[256];
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", model_dir, dirs[i]);
		mkdir(p, 0700);
	}
	atexit(model_dir_remove);
	return true;
}

/* Explain a few requests on the model, as `explain` and `report` do. */
static const char *model_explain(const struct ml_system *sys, const uint8_t *d, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ d[i]) * 1099511628211ull;
	static const ml_gfp_t masks[] = { ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS,
					  ML_GFP_HIGH | ML_GFP_KSWAPD_RECLAIM,
					  ML_GFP_RECLAIM | ML_GFP_IO | ML_GFP_FS | ML_GFP_HIGHMEM |
						  ML_GFP_MOVABLE | ML_GFP_NORETRY,
					  ML_GFP_DMA | ML_GFP_KSWAPD_RECLAIM | ML_GFP_NOWARN };
	for (int k = 0; k < 3; k++) {
		struct ml_explain_request req;
		memset(&req, 0, sizeof(req));
		req.api = (enum ml_alloc_api)((h >> (8 * k)) % ML_API_COUNT);
		req.node = -1;
		req.gfp = masks[(h >> (4 + k)) % 4];
		if (req.api == ML_API_PAGES || req.api == ML_API_GET_FREE_PAGES) {
			req.order = (int)((h >> (16 + k)) % 13);
		} else {
			req.order = -1;
			req.size_bytes = k == 2 ? UINT64_MAX - (h % 4096) : 1 + (h >> (20 + k)) % (64u << 20);
		}
		req.elements = req.api == ML_API_KCALLOC ? 1 + h % 100000 : 0;
		req.count = k == 1 ? 1 + (h % 1000) : 0;
		struct ml_explain_result res;
		struct ml_error err = { 0 };
		memset(&res, 0, sizeof(res));
		int rc = ml_explain(sys, &req, &res, &err);
		static const int explain_codes[] = { ML_EUSAGE, ML_EPARSE, ML_ENOMEM, 0 };
		const char *m = check_rc("ml_explain", rc, &err, explain_codes, NULL, d, n);
		if (rc == 0)
			ml_explain_result_free(&res);
		if (m)
			return m;
	}
	return NULL;
}

/* Start of the next "@@ " line at or after p (at a line start), or end. */
static const uint8_t *next_section(const uint8_t *p, const uint8_t *start, const uint8_t *end)
{
	while (p < end) {
		if ((p == start || p[-1] == '\n') && end - p >= 3 && memcmp(p, "@@ ", 3) == 0)
			return p;
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	return end;
}

static const char *run_model(const uint8_t *d, size_t n)
{
	if (!model_dir_make())
		return NULL;
	char p[256];
	for (size_t i = 0; i < NMODEL_FILES; i++) {
		snprintf(p, sizeof(p), "%s/%s", model_dir, model_files[i]);
		unlink(p);
	}
	const uint8_t *end = d + n;
	for (const uint8_t *at = next_section(d, d, end); at < end;) {
		const uint8_t *nl = memchr(at, '\n', (size_t)(end - at));
		if (!nl)
			break;
		const uint8_t *body = nl + 1, *next = next_section(body, d, end);
		size_t name_len = (size_t)(nl - at - 3);
		for (size_t i = 0; i < NMODEL_FILES; i++) {
			if (strlen(model_files[i]) != name_len || memcmp(model_files[i], at + 3, name_len) != 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", model_dir, model_files[i]);
			int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
			if (fd >= 0) {
				/* A short write (scratch space full) only tests less. */
				ssize_t w = write(fd, body, (size_t)(next - body));
				(void)w;
				close(fd);
			}
		}
		at = next;
	}
	const char *msg = NULL;
	struct ml_source src;
	struct ml_system sys;
	struct ml_error err = { 0 };
	if (ml_source_open(&src, model_dir, &err) != ML_OK)
		return NULL;
	unsigned all = ML_LOAD_ZONEINFO | ML_LOAD_BUDDYINFO | ML_LOAD_PAGETYPEINFO | ML_LOAD_MEMINFO |
		       ML_LOAD_VMSTAT | ML_LOAD_SYSCTL | ML_LOAD_EXTFRAG | ML_LOAD_SLABINFO |
		       ML_LOAD_VMALLOCINFO | ML_LOAD_KPTR_RESTRICT;
	int rc = ml_system_load(&sys, &src, all, 0, &err);
	ml_source_close(&src);
	static const int load_codes[] = { ML_EPARSE, ML_ENOMEM, ML_EIO, ML_ENOENT, ML_EACCES, 0 };
	CHECK(check_rc("ml_system_load", rc, &err, load_codes, NULL, d, n));
	if (rc != 0)
		return NULL;
	REQUIRE(sys.page_size >= 1024 && (sys.page_size & (sys.page_size - 1)) == 0, "page size %llu",
		(unsigned long long)sys.page_size);
	REQUIRE(sys.norders >= 0 && sys.norders <= ML_MAX_ORDERS, "norders %d", sys.norders);
	REQUIRE(sys.ntypes >= 0 && sys.ntypes <= ML_MAX_MIGRATE_TYPES, "ntypes %d", sys.ntypes);
	for (size_t i = 0; i < sys.nzones; i++) {
		const struct ml_zone *z = &sys.zones[i];
		REQUIRE(z->index >= 0 && z->index < ML_MAX_ZONES, "zone %zu index %d", i, z->index);
		REQUIRE(z->nprotection >= 0 && z->nprotection <= ML_MAX_ZONES, "zone %zu nprotection", i);
		char buf[1024];
		ml_zone_summary(&sys, z, buf, sizeof(buf));
		/* No figure the model derives may wrap around 64 bits: a wrapped
		 * sum prints as a plausible wrong number. */
		unsigned __int128 wide = 0;
		for (int k = 0; k < sys.norders; k++)
			wide += (unsigned __int128)z->free_blocks[k] << k;
		REQUIRE(wide == ml_zone_buddy_free_pages(&sys, z), "zone %zu: free pages in the buddy lists wrap", i);
		REQUIRE((unsigned __int128)z->managed * sys.page_size < ((unsigned __int128)1 << 64) &&
			(unsigned __int128)z->free_pages * sys.page_size < ((unsigned __int128)1 << 64) &&
			(unsigned __int128)z->wmark_high * sys.page_size < ((unsigned __int128)1 << 64),
			"zone %zu: a page figure in bytes wraps", i);
		(void)ml_zone_largest_order(&sys, z);
		(void)ml_zone_wmark_state(z);
		for (int k = 0; k < sys.norders; k++) {
			int u = ml_unusable_index(z->free_blocks, sys.norders, k);
			int e = ml_extfrag_index(z->free_blocks, sys.norders, k);
			REQUIRE(u >= 0 && u <= 1000 && e >= -1000 && e <= 1000, "zone %zu order %d: indices %d %d", i,
				k, u, e);
			struct ml_contig_info ci;
			ml_contig_info(z->free_blocks, sys.norders, k, &ci);
		}
	}
	struct ml_slab_totals tot;
	memset(&tot, 0, sizeof(tot));
	for (size_t i = 0; i < sys.slab.ncaches; i++) {
		struct ml_slab_usage u;
		struct ml_error e = { 0 };
		int r = ml_slab_usage(&sys.slab.caches[i], sys.page_size, "slabinfo", &u, &e);
		if (r == 0)
			r = ml_slab_totals_add(&tot, &u, "slabinfo", &e);
		static const int codes[] = { ML_EPARSE, 0 };
		CHECK(check_rc("ml_slab_usage", r, &e, codes, NULL, d, n));
	}
	if (sys.vmalloc.n) {
		struct ml_vmalloc_summary vs;
		struct ml_error e = { 0 };
		memset(&vs, 0, sizeof(vs));
		int r = ml_vmalloc_summarise(&sys.vmalloc, sys.page_size,
					     ml_system_meminfo(&sys, "VmallocTotal", 0), "vmallocinfo", &vs, &e);
		static const int codes[] = { ML_EPARSE, ML_ENOMEM, 0 };
		const char *m = check_rc("ml_vmalloc_summarise", r, &e, codes, NULL, d, n);
		if (r == 0)
			ml_vmalloc_summary_free(&vs);
		CHECK(m);
		uint64_t fits;
		ml_vmalloc_holes_fit(&sys.vmalloc, ml_system_meminfo(&sys, "VmallocTotal", 0), 1 << 20, &fits);
	}
	CHECK(model_explain(&sys, d, n));
out:
	ml_system_free(&sys);
	return msg;
}

/* ------------------------------------------------------- explain's words */

/* The bytes as a C string (the command line gives NUL-terminated text). */
static char *as_string(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	memcpy(s, d, n);
	s[n] = '\0';
	return s;
}

/* ml_gfp_parse on the first line; parse → format → parse must give the same
 * mask.  The rest of the input is a kernel version for ml_gfp_from_hex. */
static const char *run_gfp(const uint8_t *d, size_t n)
{
	char *s = as_string(d, n);
	const char *msg = NULL;
	if (!s)
		return NULL;
	char *version = strchr(s, '\n');
	if (version)
		*version++ = '\0';
	ml_gfp_t g = 0, g2 = 0;
	uint64_t hex = 0, hex2 = 0;
	struct ml_error err = { 0 };
	int rc = ml_gfp_parse(s, &g, &hex, &err);
	CHECK(check_rc("ml_gfp_parse", rc, &err, usage_codes, NULL, d, n));
	if (rc == 0) {
		char text[1024];
		ml_gfp_format(g, text, sizeof(text));
		REQUIRE(name_ok(text, sizeof(text)), "ml_gfp_format: not terminated");
		memset(&err, 0, sizeof(err));
		rc = ml_gfp_parse(text, &g2, &hex2, &err);
		REQUIRE(rc == 0, "ml_gfp_parse refuses its own format '%s': %s", text, err.message);
		REQUIRE(g2 == g && hex2 == 0, "parse(format(0x%llx)) = 0x%llx ('%s')", (unsigned long long)g,
			(unsigned long long)g2, text);
		/* Without somewhere to put hex bits, hex must be refused. */
		memset(&err, 0, sizeof(err));
		rc = ml_gfp_parse(s, &g2, NULL, &err);
		REQUIRE(hex ? rc == ML_EUSAGE : rc == 0, "ml_gfp_parse without unknown_hex: rc %d", rc);
	}
	if (version) {
		uint64_t unknown = 0;
		ml_gfp_t fh = 0;
		memset(&err, 0, sizeof(err));
		rc = ml_gfp_from_hex(hex ? hex : (uint64_t)g, version, &fh, &unknown, &err);
		CHECK(check_rc("ml_gfp_from_hex", rc, &err, usage_codes, NULL, d, n));
		if (rc == 0) {
			char text[1024];
			ml_gfp_format(fh, text, sizeof(text));
		}
	}
out:
	free(s);
	return msg;
}


/* An independent reading of ml_parse_size's grammar (text.h): digits, then
 * K/M/G/T/P/E with optional "iB"/"B", or a bare "B"; case-insensitive;
 * binary multiples; no overflow.  Returns false when it must be refused. */
static bool size_oracle(const char *s, uint64_t *out)
{
	unsigned __int128 v = 0;
	size_t i = 0;
	if (!(s[0] >= '0' && s[0] <= '9'))
		return false;
	while (s[i] >= '0' && s[i] <= '9') {
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > UINT64_MAX)
			return false;
		i++;
	}
	static const char units[] = "KMGTPE";
	char up = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
	const char *u = up ? strchr(units, up) : NULL;
	if (u) {
		v <<= 10 * (unsigned)(u - units + 1);
		i++;
		if ((s[i] | 0x20) == 'i' && (s[i + 1] | 0x20) == 'b')
			i += 2;
		else if ((s[i] | 0x20) == 'b')
			i++;
	} else if ((s[i] | 0x20) == 'b') {
		i++;
	}
	if (s[i] || v > UINT64_MAX)
		return false;
	*out = (uint64_t)v;
	return true;
}

static const char *run_size(const uint8_t *d, size_t n)
{
	char *s = as_string(d, n);
	const char *msg = NULL;
	if (!s)
		return NULL;
	uint64_t v = 0, want = 0;
	struct ml_error err = { 0 };
	int rc = ml_parse_size(s, &v, &err);
	CHECK(check_rc("ml_parse_size", rc, &err, usage_codes, NULL, d, n));
	if (strlen(s) == n) {   /* no NUL inside: the oracle sees what the parser saw */
		bool ok = size_oracle(s, &want);
		REQUIRE(ok == (rc == 0), "ml_parse_size('%.60s') rc %d, expected %s", s, rc,
			ok ? "success" : "refusal");
		REQUIRE(!ok || v == want, "ml_parse_size('%.60s') = %llu, expected %llu", s,
			(unsigned long long)v, (unsigned long long)want);
	}
out:
	free(s);
	return msg;
}

const struct ml_fuzz_target ml_fuzz_targets[] = {
	{ "zoneinfo", run_zoneinfo },
	{ "buddyinfo", run_buddyinfo },
	{ "pagetypeinfo", run_pagetypeinfo },
	{ "meminfo", run_meminfo },
	{ "vmstat", run_vmstat },
	{ "sysctl", run_sysctl },
	{ "extfrag", run_extfrag },
	{ "slabinfo", run_slabinfo },
	{ "vmallocinfo", run_vmallocinfo },
	{ "maps", run_maps },
	{ "smaps", run_smaps },
	{ "smaps_rollup", run_smaps_rollup },
	{ "status", run_status },
	{ "model", run_model },
	{ "failure_report", run_failure_report },
	{ "gfp", run_gfp },
	{ "size", run_size },
	{ NULL, NULL },
};

const struct ml_fuzz_target *ml_fuzz_target_find(const char *name)
{
	for (const struct ml_fuzz_target *t = ml_fuzz_targets; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

void ml_fuzz_check(const char *name, const uint8_t *data, size_t size)
{
	const struct ml_fuzz_target *t = ml_fuzz_target_find(name);
	if (!t) {
		fprintf(stderr, "no fuzz target '%s'\n", name);
		abort();
	}
	const char *msg = t->run(data, size);
	if (msg) {
		fprintf(stderr, "fuzz_%s: contract broken: %s\n", name, msg);
		abort();
	}
}
