// k_queue, k_fifo and k_lifo: ordering, the link word, waiting gets.

#include "hal_test.h"

struct item {
    void *link; // first word: the queue's link, as in Zephyr
    int value;
};

static struct item items[5];

static void init_items(void) {
    for (int i = 0; i < 5; ++i) {
        items[i].link = (void *)0x1; // garbage the queue must overwrite
        items[i].value = i;
    }
}

static struct k_fifo fifo;
static struct k_lifo lifo;

static void fifo_is_first_in_first_out(void) {
    init_items();
    k_fifo_init(&fifo);
    CHECK(k_fifo_is_empty(&fifo));
    for (int i = 0; i < 5; ++i) {
        k_fifo_put(&fifo, &items[i]);
    }
    CHECK(!k_fifo_is_empty(&fifo));
    CHECK(items[0].link == &items[1]);
    CHECK(items[4].link == NULL);
    CHECK(k_fifo_peek_head(&fifo) == &items[0]);
    CHECK(k_fifo_peek_tail(&fifo) == &items[4]);
    for (int i = 0; i < 5; ++i) {
        struct item *it = k_fifo_get(&fifo, K_NO_WAIT);
        CHECK(it != NULL);
        CHECK_EQ(it->value, i);
    }
    CHECK(k_fifo_get(&fifo, K_NO_WAIT) == NULL);
    CHECK(k_fifo_is_empty(&fifo));
}

static void lifo_is_last_in_first_out(void) {
    init_items();
    k_lifo_init(&lifo);
    for (int i = 0; i < 3; ++i) {
        k_lifo_put(&lifo, &items[i]);
    }
    // The host asks a LIFO whether it is empty with k_fifo_is_empty.
    CHECK(!k_fifo_is_empty(&lifo));
    for (int i = 2; i >= 0; --i) {
        struct item *it = k_lifo_get(&lifo, K_NO_WAIT);
        CHECK(it != NULL);
        CHECK_EQ(it->value, i);
    }
    CHECK(k_fifo_is_empty(&lifo));
}

static void fifo_get_times_out_with_null(void) {
    k_fifo_init(&fifo);
    CHECK(k_fifo_get(&fifo, K_MSEC(25)) == NULL);
    CHECK_EQ(test_clock_ms, 25);
}

static void put_from_work(struct k_work *w) {
    (void)w;
    k_fifo_put(&fifo, &items[3]);
}

static void fifo_get_waits_for_a_put_from_work(void) {
    static struct k_work_delayable d;
    init_items();
    k_fifo_init(&fifo);
    k_work_init_delayable(&d, put_from_work);
    k_work_schedule(&d, K_MSEC(12));
    struct item *it = k_fifo_get(&fifo, K_MSEC(100));
    CHECK(it == &items[3]);
    CHECK_EQ(test_clock_ms, 12);
}

static void fifo_get_forever_is_capped(void) {
    k_fifo_init(&fifo);
    CHECK(k_fifo_get(&fifo, K_FOREVER) == NULL);
    CHECK_EQ(test_clock_ms, MP_BLUETOOTH_ZEPHYR_HAL_FOREVER_MS);
    CHECK_EQ(mp_bluetooth_zephyr_hal_stats.forever_capped, 1);
}

static void cancel_from_work(struct k_work *w) {
    (void)w;
    k_fifo_cancel_wait(&fifo);
}

static void fifo_cancel_wait_returns_null(void) {
    static struct k_work w;
    k_fifo_init(&fifo);
    k_work_init(&w, cancel_from_work);
    k_work_submit(&w);
    CHECK(k_fifo_get(&fifo, K_SECONDS(5)) == NULL);
    CHECK_EQ(test_clock_ms, 0);
}

static void queue_prepend_insert_remove(void) {
    static struct k_queue q;
    init_items();
    k_queue_init(&q);
    k_queue_append(&q, &items[1]);
    k_queue_prepend(&q, &items[0]);
    k_queue_insert(&q, &items[1], &items[3]);
    k_queue_insert(&q, &items[1], &items[2]);
    k_queue_insert(&q, NULL, &items[4]);
    // 4 0 1 2 3
    CHECK(k_queue_peek_head(&q) == &items[4]);
    CHECK(k_queue_peek_tail(&q) == &items[3]);
    CHECK(k_queue_remove(&q, &items[3]));
    CHECK(k_queue_peek_tail(&q) == &items[2]);
    CHECK(!k_queue_remove(&q, &items[3]));
    CHECK(k_queue_remove(&q, &items[4]));
    CHECK(!k_queue_unique_append(&q, &items[1]));
    CHECK(k_queue_unique_append(&q, &items[3]));
    int expect[] = { 0, 1, 2, 3 };
    for (int i = 0; i < 4; ++i) {
        struct item *it = k_queue_get(&q, K_NO_WAIT);
        CHECK(it != NULL);
        CHECK_EQ(it->value, expect[i]);
    }
    CHECK(k_queue_is_empty(&q));
    CHECK(k_queue_peek_tail(&q) == NULL);
}

static void fifo_put_list_appends_a_chain(void) {
    init_items();
    k_fifo_init(&fifo);
    k_fifo_put(&fifo, &items[0]);
    items[1].link = &items[2];
    items[2].link = &items[3];
    CHECK_EQ(k_fifo_put_list(&fifo, &items[1], &items[3]), 0);
    CHECK_EQ(k_queue_append_list(&fifo._queue, NULL, &items[3]), -EINVAL);
    k_fifo_put(&fifo, &items[4]);
    for (int i = 0; i < 5; ++i) {
        struct item *it = k_fifo_get(&fifo, K_NO_WAIT);
        CHECK(it != NULL);
        CHECK_EQ(it->value, i);
    }
}

K_FIFO_DEFINE(static_fifo);
static K_LIFO_DEFINE(static_lifo);

static void fifo_lifo_static_define(void) {
    init_items();
    CHECK(k_fifo_is_empty(&static_fifo));
    k_fifo_put(&static_fifo, &items[0]);
    k_lifo_put(&static_lifo, &items[1]);
    CHECK(k_fifo_get(&static_fifo, K_NO_WAIT) == &items[0]);
    CHECK(k_lifo_get(&static_lifo, K_NO_WAIT) == &items[1]);
}

int main(void) {
    RUN(fifo_is_first_in_first_out);
    RUN(lifo_is_last_in_first_out);
    RUN(fifo_get_times_out_with_null);
    RUN(fifo_get_waits_for_a_put_from_work);
    RUN(fifo_get_forever_is_capped);
    RUN(fifo_cancel_wait_returns_null);
    RUN(queue_prepend_insert_remove);
    RUN(fifo_put_list_appends_a_chain);
    RUN(fifo_lifo_static_define);
    return test_finish();
}
