/* Shadows Zephyr's init.h. Zephyr runs SYS_INIT functions while it boots; here they are entries
   of the iterable type zb_init_entry, which mp_bluetooth_zephyr_hal_run_inits() (hal/) calls in
   level and priority order when the Bluetooth stack starts. */
#ifndef ZEPHYR_INCLUDE_INIT_H_
#define ZEPHYR_INCLUDE_INIT_H_

#include <stdint.h>
#include <zephyr/sys/iterable_sections.h>

enum zb_init_level {
    ZB_INIT_LEVEL_EARLY,
    ZB_INIT_LEVEL_PRE_KERNEL_1,
    ZB_INIT_LEVEL_PRE_KERNEL_2,
    ZB_INIT_LEVEL_POST_KERNEL,
    ZB_INIT_LEVEL_APPLICATION,
    ZB_INIT_LEVEL_SMP,
};

struct zb_init_entry {
    int (*init_fn)(void);
    const char *name;
    uint16_t level;
    uint16_t prio;
};

/* Parameter names differ from the fields, so the designators are not replaced. */
#define SYS_INIT_NAMED(zb_name, zb_fn, zb_level, zb_prio) \
    static const STRUCT_SECTION_ITERABLE(zb_init_entry, UTIL_CAT(zb_init_, zb_name)) = { \
        .init_fn = (zb_fn), .name = STRINGIFY(zb_name), .level = UTIL_CAT(ZB_INIT_LEVEL_, zb_level), .prio = (zb_prio), \
    }
#define SYS_INIT(zb_fn, zb_level, zb_prio) SYS_INIT_NAMED(zb_fn, zb_fn, zb_level, zb_prio)

/* Once per boot, before anything else of the host: loads the writable iterable sections, then
   runs every SYS_INIT entry once, earliest level and lowest priority first; returns the first
   failure's code, or 0. */
int mp_bluetooth_zephyr_hal_run_inits(void);

#endif
