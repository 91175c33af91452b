// Runs the host's SYS_INIT entries (see include/zephyr/init.h) in Zephyr's boot order.

#include <stdbool.h>
#include <zephyr/init.h>

STRUCT_SECTION_START_EXTERN(zb_init_entry);
STRUCT_SECTION_END_EXTERN(zb_init_entry);

// Boot order: level, then priority, then place in the section (a total order, so each runs once).
static bool mp_zb_init_before(const struct zb_init_entry *a, const struct zb_init_entry *b) {
    if (a->level != b->level) {
        return a->level < b->level;
    }
    if (a->prio != b->prio) {
        return a->prio < b->prio;
    }
    return a < b;
}

int mp_bluetooth_zephyr_hal_run_inits(void) {
    // A handful of entries: pick the earliest not yet run each round, no sorting buffer needed.
    const struct zb_init_entry *last = NULL;
    int first_error = 0;
    for (;;) {
        const struct zb_init_entry *next = NULL;
        STRUCT_SECTION_FOREACH(zb_init_entry, entry) {
            if ((last == NULL || mp_zb_init_before(last, entry)) && (next == NULL || mp_zb_init_before(entry, next))) {
                next = entry;
            }
        }
        if (next == NULL) {
            return first_error;
        }
        int err = next->init_fn();
        if (err != 0 && first_error == 0) {
            first_error = err;
        }
        last = next;
    }
}
