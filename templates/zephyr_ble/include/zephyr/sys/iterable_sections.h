/* Shadows Zephyr's sys/iterable_sections.h. Zephyr's linker script gathers each iterable type
   into one array sorted by entry name. No MicroPython port's linker script does, so every entry
   goes into its own input section, zb_it_<type>.<entry>, and zephyr_ble_sections.ld (generated
   from the types zblegen scan found, and added to the link by micropython.mk) sorts them by name
   into one array per type between __start_zb_it_<type> and __stop_zb_it_<type>.
   Entries are aligned to their type only, so each range is an array (net_buf_pool_get indexes it).
   A type the linker fragment does not list fails to link (undefined __start_zb_it_<type>): run
   zblegen scan, which finds every TYPE_SECTION_* use of the host. */
#ifndef ZEPHYR_INCLUDE_SYS_ITERABLE_SECTIONS_H_
#define ZEPHYR_INCLUDE_SYS_ITERABLE_SECTIONS_H_

#include <zephyr/sys/util.h>

#define Z_ZB_IT_SECTION(secname, postfix) "zb_it_" STRINGIFY(secname) "." STRINGIFY(postfix)

#define TYPE_SECTION_ITERABLE(type, varname, secname, section_postfix) \
    type varname __attribute__((section(Z_ZB_IT_SECTION(secname, section_postfix)), used, aligned(__alignof__(type))))

#define TYPE_SECTION_START(secname) UTIL_CAT(__start_zb_it_, secname)
#define TYPE_SECTION_END(secname) UTIL_CAT(__stop_zb_it_, secname)
#define TYPE_SECTION_START_EXTERN(type, secname) extern type TYPE_SECTION_START(secname)[]
#define TYPE_SECTION_END_EXTERN(type, secname) extern type TYPE_SECTION_END(secname)[]

#define TYPE_SECTION_FOREACH(type, secname, iterator) \
    TYPE_SECTION_START_EXTERN(type, secname); \
    TYPE_SECTION_END_EXTERN(type, secname); \
    for (type *iterator = TYPE_SECTION_START(secname); iterator < TYPE_SECTION_END(secname); iterator++)

#define TYPE_SECTION_GET(type, secname, i, dst) do { \
        TYPE_SECTION_START_EXTERN(type, secname); \
        *(dst) = &TYPE_SECTION_START(secname)[i]; \
} while (0)

#define TYPE_SECTION_COUNT(type, secname, dst) do { \
        TYPE_SECTION_START_EXTERN(type, secname); \
        TYPE_SECTION_END_EXTERN(type, secname); \
        *(dst) = ((uintptr_t)TYPE_SECTION_END(secname) - (uintptr_t)TYPE_SECTION_START(secname)) / sizeof(type); \
} while (0)

#define STRUCT_SECTION_START(struct_type) TYPE_SECTION_START(struct_type)
#define STRUCT_SECTION_END(struct_type) TYPE_SECTION_END(struct_type)
#define STRUCT_SECTION_START_EXTERN(struct_type) TYPE_SECTION_START_EXTERN(struct struct_type, struct_type)
#define STRUCT_SECTION_END_EXTERN(struct_type) TYPE_SECTION_END_EXTERN(struct struct_type, struct_type)

#define STRUCT_SECTION_ITERABLE_ALTERNATE(secname, struct_type, varname) \
    TYPE_SECTION_ITERABLE(struct struct_type, varname, secname, varname)
#define STRUCT_SECTION_ITERABLE(struct_type, varname) \
    STRUCT_SECTION_ITERABLE_ALTERNATE(struct_type, struct_type, varname)
#define STRUCT_SECTION_ITERABLE_NAMED(struct_type, name, varname) \
    TYPE_SECTION_ITERABLE(struct struct_type, varname, struct_type, name)
#define STRUCT_SECTION_ITERABLE_NAMED_ALTERNATE(struct_type, secname, name, varname) \
    TYPE_SECTION_ITERABLE(struct struct_type, varname, secname, name)
#define STRUCT_SECTION_ITERABLE_ARRAY_ALTERNATE(secname, struct_type, varname, size) \
    TYPE_SECTION_ITERABLE(struct struct_type, varname[size], secname, varname)
#define STRUCT_SECTION_ITERABLE_ARRAY(struct_type, varname, size) \
    STRUCT_SECTION_ITERABLE_ARRAY_ALTERNATE(struct_type, struct_type, varname, size)

#define STRUCT_SECTION_FOREACH_ALTERNATE(secname, struct_type, iterator) \
    TYPE_SECTION_FOREACH(struct struct_type, secname, iterator)
#define STRUCT_SECTION_FOREACH(struct_type, iterator) \
    STRUCT_SECTION_FOREACH_ALTERNATE(struct_type, struct_type, iterator)
#define STRUCT_SECTION_GET(struct_type, i, dst) TYPE_SECTION_GET(struct struct_type, struct_type, i, dst)
#define STRUCT_SECTION_COUNT(struct_type, dst) TYPE_SECTION_COUNT(struct struct_type, struct_type, dst)

#endif
