// What Zephyr's boot does for the host: loads the writable iterable sections (see
// zephyr_ble_sections.ld) and runs the SYS_INIT entries (see include/zephyr/init.h) in boot order.

#include <stdbool.h>
#include <string.h>
#include <zephyr/init.h>

// zb_it_data lies outside the port's .data, so its start-up code does not copy it; on a board
// its initial values sit at the load address in flash. On unix both addresses are the same, and
// memmove (not memcpy) keeps that self-copy defined: the compiler may not compare the two.
extern char __zb_it_data_start[];
extern char __zb_it_data_end[];
extern const char __zb_it_data_load[];

static void mp_zb_load_iterable_data(void) {
    memmove(__zb_it_data_start, __zb_it_data_load, (size_t)(__zb_it_data_end - __zb_it_data_start));
}

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
    mp_zb_load_iterable_data();
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
