// The declaration and initialiser forms the Zephyr host and lib/net_buf use
// with kernel objects, written the way they write them. Compiled for the
// boards' cores too (with ZB_FORMS_COMPILE_ONLY, no main), so a form that
// only breaks under -Werror on one target shows up here.

#include "zephyr_ble_hal.h"
#include "zephyr_ble_log.h"

LOG_MODULE_REGISTER(forms, LOG_LEVEL_NONE);

static void handler(struct k_work *work) {
    (void)work;
}

// A pool-like struct with a LIFO initialised from its own name and an
// empty-brace spinlock.
struct pool {
    struct k_lifo free;
    struct k_spinlock lock;
    uint16_t count;
};

static struct pool pool = {
    .free = Z_LIFO_INITIALIZER(pool.free),
    .lock = { },
    .count = 3,
};

// A device struct with an embedded work item and queues.
static struct {
    struct k_work init;
    struct k_fifo cmd_tx_queue;
    struct k_sem ncmd_sem;
    ATOMIC_DEFINE(flags, 40);
} dev = {
    .init = Z_WORK_INITIALIZER(handler),
    .cmd_tx_queue = Z_FIFO_INITIALIZER(dev.cmd_tx_queue),
};

static struct {
    struct k_mutex lock;
    struct k_condvar condvar;
} key_gen = {
    .lock = Z_MUTEX_INITIALIZER(key_gen.lock),
    .condvar = Z_CONDVAR_INITIALIZER(key_gen.condvar),
};

K_FIFO_DEFINE(free_tx);
static K_SEM_DEFINE(pending_events, 0, K_SEM_MAX_LIMIT);
static K_WORK_DEFINE(rx_work, handler);
static K_WORK_DELAYABLE_DEFINE(delayed, handler);
K_MEM_SLAB_DEFINE(req_slab, 20, 4, 4);
K_HEAP_DEFINE(data_heap, 512);
static K_KERNEL_STACK_DEFINE(unused_stack, 1024);
static K_KERNEL_STACK_DEFINE(rx_stack, 1024);
static struct k_work_q rx_q;
static struct k_poll_signal conn_change = K_POLL_SIGNAL_INITIALIZER(conn_change);
static atomic_t ref = ATOMIC_INIT(1);
static atomic_ptr_t ptr = ATOMIC_PTR_INIT(NULL);

#define HCI_CMD_TIMEOUT K_SECONDS(10)

int forms_use_them(void);

int forms_use_them(void) {
    const struct k_work_queue_config cfg = { .name = "BT RX WQ", .no_yield = false, .essential = false };
    k_work_queue_init(&rx_q);
    k_work_queue_start(&rx_q, rx_stack, K_KERNEL_STACK_SIZEOF(rx_stack), K_PRIO_COOP(8), &cfg);
    k_thread_name_set(&rx_q.thread, "BT RX WQ");
    if (k_current_get() == &k_sys_work_q.thread) {
        return -1;
    }
    int err = k_sem_take(&dev.ncmd_sem, HCI_CMD_TIMEOUT);
    void *buf = k_lifo_get(&pool.free, K_NO_WAIT);
    if (k_fifo_is_empty(&pool.free) && buf == NULL) {
        err++;
    }
    k_fifo_put(&free_tx, k_fifo_get(&dev.cmd_tx_queue, K_NO_WAIT) ?: (void *)&rx_work);
    k_queue_prepend(&dev.cmd_tx_queue._queue, k_fifo_peek_head(&free_tx));
    k_spinlock_key_t key = k_spin_lock(&pool.lock);
    k_spin_unlock(&pool.lock, key);
    unsigned int irq = irq_lock();
    irq_unlock(irq);
    k_sem_give(&pending_events);
    k_work_reschedule(&delayed, K_MSEC(10));
    int busy = k_work_delayable_busy_get(&delayed);
    if (!(busy & (K_WORK_QUEUED | K_WORK_DELAYED))) {
        err++;
    }
    uint32_t remaining_ms = k_ticks_to_ms_floor32(k_work_delayable_remaining_get(&delayed));
    k_timepoint_t end = sys_timepoint_calc(K_MSEC(remaining_ms));
    k_timeout_t left = sys_timepoint_timeout(end);
    if (K_TIMEOUT_EQ(left, K_NO_WAIT)) {
        err++;
    }
    void *block;
    if (k_mem_slab_alloc(&req_slab, &block, K_NO_WAIT) == 0) {
        k_mem_slab_free(&req_slab, block);
    }
    void *mem = k_heap_alloc(&data_heap, 16, K_NO_WAIT);
    k_heap_free(&data_heap, mem);
    (void)k_mutex_lock(&key_gen.lock, K_FOREVER);
    (void)k_condvar_broadcast(&key_gen.condvar);
    (void)k_mutex_unlock(&key_gen.lock);
    k_poll_signal_raise(&conn_change, 0);
    atomic_set_bit(dev.flags, 33);
    if (atomic_test_bit(dev.flags, 33) && atomic_get(&ref) == 1 && atomic_ptr_get(&ptr) == NULL) {
        err++;
    }
    struct k_work_sync sync;
    (void)k_work_cancel_delayable_sync(&delayed, &sync);
    if (err == -ESHUTDOWN) {
        err = 0;
    }
    LOG_DBG("");
    LOG_DBG("err %d pool %u", err, pool.count);
    LOG_HEXDUMP_DBG(&err, sizeof(err), "err");
    return err;
}

#ifndef ZB_FORMS_COMPILE_ONLY

#include "hal_test.h"

static void forms_compile_and_run(void) {
    k_sem_init(&dev.ncmd_sem, 1, 1);
    CHECK_EQ(forms_use_them(), 2);
    CHECK_EQ(k_sem_count_get(&pending_events), 1);
    CHECK(!k_fifo_is_empty(&free_tx));
    CHECK_EQ(k_mem_slab_num_used_get(&req_slab), 0);
    CHECK_EQ(data_heap.used, 0);
    CHECK_EQ(mp_bluetooth_zephyr_hal_work_delayed_count(), 0);
    CHECK(strcmp(rx_q.thread.name, "BT RX WQ") == 0);
}

int main(void) {
    RUN(forms_compile_and_run);
    return test_finish();
}

#endif
