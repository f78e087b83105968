/* Bounds of the model.  They are far above anything a kernel prints
 * (x86_64: 11 orders, 5 zones, 6 migrate types) and exist so that garbage
 * input is refused instead of growing tables without end. */
#ifndef ML_LIMITS_H
#define ML_LIMITS_H

#define ML_MAX_ORDERS 32          /* buddy orders 0..31; columns tell the real count */
#define ML_MAX_ZONES 8            /* zone types per node (MAX_NR_ZONES) */
#define ML_MAX_MIGRATE_TYPES 8    /* Unmovable..Isolate, CMA, old Reserve/Mirror */
#define ML_MAX_NODES 1024         /* MAX_NUMNODES with NODES_SHIFT 10 */
#define ML_NAME 32                /* zone and migrate-type names */
/* Pages a zone figure may count: 2^40 pages are 4 PiB of 4 KiB pages, 64 PiB
 * of 64 KiB ones, beyond any machine (5-level paging addresses 128 PiB).
 * Larger "counts" are garbage, and refusing them keeps every pages-to-bytes
 * product and every sum over orders and zones inside 64 bits. */
#define ML_MAX_PAGES (1ull << 40)

#endif
