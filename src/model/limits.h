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

#endif
