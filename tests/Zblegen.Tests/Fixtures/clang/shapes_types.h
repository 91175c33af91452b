#ifndef SHAPES_TYPES_H
#define SHAPES_TYPES_H
#include <stdint.h>
typedef uint16_t shapes_handle_t;
#endif
