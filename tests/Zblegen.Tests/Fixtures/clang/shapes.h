/* A header shaped like the ones zblegen scans: include guard, option defaults,
   guarded prototypes, static inline helpers, value macros, nested conditions. */
#ifndef SHAPES_H
#define SHAPES_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "shapes_types.h"

#ifndef SHAPES_ENABLE_CENTRAL
#define SHAPES_ENABLE_CENTRAL (0)
#endif

#ifndef SHAPES_ENABLE_CLIENT
// Follows the central option unless set.
#define SHAPES_ENABLE_CLIENT (SHAPES_ENABLE_CENTRAL)
#endif

#define SHAPES_EVENT_CONNECT     (1)
#define SHAPES_EVENT_DISCONNECT  (1 << 1)
#define SHAPES_MASK \
    (SHAPES_EVENT_CONNECT | SHAPES_EVENT_DISCONNECT)
#define SHAPES_NAME "shapes"
#define SHAPES_CALL(x) ((x) + 1)

int shapes_init(void);
void shapes_set_name(const uint8_t *buf, size_t len);

#if SHAPES_ENABLE_CENTRAL
int shapes_scan(int32_t duration_ms, bool active);
#if SHAPES_ENABLE_CLIENT
int shapes_read(uint16_t handle);
#endif // SHAPES_ENABLE_CLIENT
#endif

#if defined(SHAPES_LEGACY)
int shapes_legacy(void);
#elif SHAPES_ENABLE_CENTRAL && SHAPES_ENABLE_CLIENT
int shapes_modern(shapes_handle_t h);
#else
int shapes_fallback(void);
#endif

#ifdef SHAPES_DEBUG
void shapes_dump(void);
#endif

static inline int shapes_twice(int x) {
    return 2 * x;
}

static inline bool shapes_valid(shapes_handle_t h) {
    return h != 0;
}

#endif // SHAPES_H
