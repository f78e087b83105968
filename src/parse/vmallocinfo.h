/* /proc/vmallocinfo (kernel-model §8.3, §11.5): one line per busy vmalloc
 * area, vm_map_ram area and lazily-freed ("unpurged") area. */
#ifndef ML_PARSE_VMALLOCINFO_H
#define ML_PARSE_VMALLOCINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

/* kind_flags bits: the words after the numbers, one bit each. */
enum ml_vmalloc_kind {
	ML_VMALLOC_IOREMAP = 1u << 0,
	ML_VMALLOC_VMALLOC = 1u << 1,
	ML_VMALLOC_VMAP = 1u << 2,
	ML_VMALLOC_USER = 1u << 3,
	ML_VMALLOC_VPAGES = 1u << 4,        /* page array itself vmalloc'ed */
	ML_VMALLOC_DMA_COHERENT = 1u << 5,
	ML_VMALLOC_SPARSE = 1u << 6,
	ML_VMALLOC_VM_MAP_RAM = 1u << 7,    /* "vm_map_ram" line: no vm_struct */
	ML_VMALLOC_UNPURGED = 1u << 8,      /* "unpurged vm_area": freed, flush pending */
	ML_VMALLOC_OTHER = 1u << 9,         /* a word this parser does not know */
};

/* Pairs of "N<node>=<pages>" kept per area; more nodes are summed only. */
#define ML_VMALLOC_NODE_PAIRS 16

struct ml_vmalloc_node_pages {
	unsigned node;
	uint64_t pages;
};

struct ml_vmalloc_area {
	uint64_t start, end;        /* as printed: real, hashed or 0 (see addresses) */
	uint64_t size;              /* bytes including the guard page: the figure to use */
	char caller[128];           /* symbol without "+0xoff/0xlen"; "" if none */
	bool caller_truncated;      /* symbol longer than caller[] (KSYM_NAME_LEN is 512) */
	char module[64];            /* "[module]" without brackets; "" if none */
	uint64_t pages;             /* "pages=": pages allocated, no guard page */
	bool has_pages;
	uint64_t phys;              /* "phys=": ioremap physical address */
	bool has_phys;
	unsigned kind_flags;        /* enum ml_vmalloc_kind bits */
	char other[32];             /* first unknown word (ML_VMALLOC_OTHER), cut to fit */
	struct ml_vmalloc_node_pages node_pages[ML_VMALLOC_NODE_PAIRS];
	unsigned nnode_pages;       /* pairs stored */
	bool node_pages_truncated;  /* more nodes than pairs stored */
	uint64_t node_pages_total;  /* sum over all N<node>= values, stored or not */
	unsigned long line;
};

/* What the start/end columns are, decided once per file (kernel-model §8.3). */
enum ml_vmalloc_addresses {
	ML_VMALLOC_ADDR_REAL,       /* kptr_restrict=1 read as root, or no_hash_pointers */
	ML_VMALLOC_ADDR_HASHED,     /* kptr_restrict=0 (or a mix): not addresses */
	ML_VMALLOC_ADDR_ZERO,       /* kptr_restrict=2, or =1 without CAP_SYSLOG */
	ML_VMALLOC_ADDR_PTRVAL,     /* "0x(ptrval)": read before the hash key was ready */
};

struct ml_vmallocinfo {
	struct ml_vmalloc_area *areas;
	size_t n;
	enum ml_vmalloc_addresses addresses;
	bool addresses_real;        /* addresses == ML_VMALLOC_ADDR_REAL */
};

/* Pure: buf (len bytes, need not be NUL-terminated) -> out.  file names the
 * input in messages.  0 or ML_EPARSE/ML_ENOMEM with err set; out is empty
 * (and needs no free) on error. */
int ml_parse_vmallocinfo(const char *buf, size_t len, const char *file,
			 struct ml_vmallocinfo *out, struct ml_error *err);
void ml_vmallocinfo_free(struct ml_vmallocinfo *vi);

#endif
