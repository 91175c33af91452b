// Fake tree for zblegen's tests: only what version detection reads.
#define MICROPY_VERSION_MAJOR 1
#define MICROPY_VERSION_MINOR 28
#define MICROPY_VERSION_MICRO 0
