// Zephyr's own lib/net_buf, compiled unmodified against the HAL, allocating
// from a fixed pool: exhaustion, release, and an allocation that waits for a
// buffer released by a work handler.

#include <zephyr/net_buf.h>

#include "hal_test.h"

NET_BUF_POOL_FIXED_DEFINE(pool, 3, 32, 4, NULL);

// Zephyr's linker script marks the start of the pool section; one pool, so
// the section is that pool.
__asm__ (".globl _net_buf_pool_list_start\n.set _net_buf_pool_list_start, pool\n");

static struct net_buf *bufs[4];

static void net_buf_pool_exhausts_and_recycles(void) {
    for (int i = 0; i < 3; ++i) {
        bufs[i] = net_buf_alloc(&pool, K_NO_WAIT);
        CHECK(bufs[i] != NULL);
    }
    CHECK(net_buf_alloc(&pool, K_NO_WAIT) == NULL);
    CHECK(net_buf_pool_get(bufs[0]->pool_id) == &pool);
    net_buf_unref(bufs[1]);
    bufs[3] = net_buf_alloc(&pool, K_NO_WAIT);
    CHECK(bufs[3] == bufs[1]);
    net_buf_unref(bufs[0]);
    net_buf_unref(bufs[2]);
    net_buf_unref(bufs[3]);
}

static void net_buf_data_round_trip(void) {
    struct net_buf *buf = net_buf_alloc(&pool, K_NO_WAIT);
    CHECK(buf != NULL);
    net_buf_add_u8(buf, 0x12);
    net_buf_add_le16(buf, 0x3456);
    CHECK_EQ(buf->len, 3);
    CHECK_EQ(net_buf_pull_u8(buf), 0x12);
    CHECK_EQ(net_buf_pull_le16(buf), 0x3456);
    net_buf_unref(buf);
}

static struct net_buf *to_release;

static void release_from_work(struct k_work *w) {
    (void)w;
    net_buf_unref(to_release);
}

static void net_buf_alloc_waits_for_a_release(void) {
    static struct k_work_delayable d;
    for (int i = 0; i < 3; ++i) {
        bufs[i] = net_buf_alloc(&pool, K_NO_WAIT);
        CHECK(bufs[i] != NULL);
    }
    CHECK(net_buf_alloc(&pool, K_MSEC(10)) == NULL);
    CHECK_EQ(test_clock_ms, 10);
    to_release = bufs[2];
    k_work_init_delayable(&d, release_from_work);
    k_work_schedule(&d, K_MSEC(7));
    struct net_buf *buf = net_buf_alloc(&pool, K_MSEC(100));
    CHECK(buf == to_release);
    CHECK_EQ(test_clock_ms, 17);
    net_buf_unref(buf);
    net_buf_unref(bufs[0]);
    net_buf_unref(bufs[1]);
}

int main(void) {
    RUN(net_buf_pool_exhausts_and_recycles);
    RUN(net_buf_data_round_trip);
    RUN(net_buf_alloc_waits_for_a_release);
    return test_finish();
}
