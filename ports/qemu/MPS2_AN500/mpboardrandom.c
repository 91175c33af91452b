// Random numbers per instance: the port's generator starts from 0 in every instance, so two
// instances on one radio would pick the same addresses. QEMU leaves each its own seed in RAM
// (mpboard.h); a xorshift generator runs from it.

#include <stddef.h>
#include <stdint.h>

#include "mpboard.h"

static uint32_t mp_board_random_state;

void mp_board_random_init(void) {
    uint32_t seed = *(volatile uint32_t *)MP_BOARD_RANDOM_SEED_ADDR;
    // No seed given: still a valid (non-zero) state.
    mp_board_random_state = seed != 0 ? seed : 0x2545f491u;
}

static uint32_t mp_board_random_next(void) {
    uint32_t x = mp_board_random_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    mp_board_random_state = x;
    return x;
}

void mp_board_random_fill(uint8_t *buf, size_t len) {
    while (len > 0) {
        uint32_t r = mp_board_random_next();
        for (size_t i = 0; i < 4 && len > 0; ++i, --len) {
            *buf++ = (uint8_t)(r >> (8 * i));
        }
    }
}

unsigned int mp_board_random_seed(void) {
    return mp_board_random_next();
}
