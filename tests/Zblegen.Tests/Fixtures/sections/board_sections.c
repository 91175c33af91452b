// Iterable entries for a board link: writable and const types, defined out of name order, iterated
// from the reset handler so --gc-sections keeps the iteration (KEEP keeps the entries).
#include <zephyr/init.h>

struct pool {
    int id;
    int free;
};

struct chan {
    int cid;
};

STRUCT_SECTION_ITERABLE(pool, pool_b) = { 2, 20 };
STRUCT_SECTION_ITERABLE(pool, pool_a) = { 1, 10 };
const STRUCT_SECTION_ITERABLE(chan, chan_z) = { 0x26 };
const STRUCT_SECTION_ITERABLE(chan, chan_a) = { 0x04 };

static int board_init(void) {
    return 0;
}
SYS_INIT(board_init, POST_KERNEL, 0);

volatile int board_sink;
// Ordinary initialised data, which the port's start-up copies: zb_it_data comes after it.
volatile int board_data[2] = { 5, 6 };

void Reset_Handler(void) {
    board_sink = mp_bluetooth_zephyr_hal_run_inits() + board_data[1];
    STRUCT_SECTION_FOREACH(pool, p) {
        board_sink += p->id + p->free++;
    }
    STRUCT_SECTION_FOREACH(chan, c) {
        board_sink += c->cid;
    }
    for (;;) {
    }
}
