// Queues (and so FIFOs and LIFOs): singly linked through each item's first
// pointer-sized word.

#include "zephyr_ble_hal_internal.h"

static inline void **link_of(void *item) {
    return (void **)item;
}

void k_queue_init(struct k_queue *queue) {
    queue->head = NULL;
    queue->tail = NULL;
    queue->cancels = 0;
}

void k_queue_cancel_wait(struct k_queue *queue) {
    ++queue->cancels;
}

void k_queue_append(struct k_queue *queue, void *data) {
    *link_of(data) = NULL;
    if (queue->tail != NULL) {
        *link_of(queue->tail) = data;
    } else {
        queue->head = data;
    }
    queue->tail = data;
}

void k_queue_prepend(struct k_queue *queue, void *data) {
    *link_of(data) = queue->head;
    queue->head = data;
    if (queue->tail == NULL) {
        queue->tail = data;
    }
}

void k_queue_insert(struct k_queue *queue, void *prev, void *data) {
    if (prev == NULL) {
        k_queue_prepend(queue, data);
        return;
    }
    *link_of(data) = *link_of(prev);
    *link_of(prev) = data;
    if (queue->tail == prev) {
        queue->tail = data;
    }
}

int k_queue_append_list(struct k_queue *queue, void *head, void *tail) {
    if (head == NULL || tail == NULL) {
        return -EINVAL;
    }
    *link_of(tail) = NULL;
    if (queue->tail != NULL) {
        *link_of(queue->tail) = head;
    } else {
        queue->head = head;
    }
    queue->tail = tail;
    return 0;
}

static void *pop_head(struct k_queue *queue) {
    void *item = queue->head;
    if (item != NULL) {
        queue->head = *link_of(item);
        if (queue->head == NULL) {
            queue->tail = NULL;
        }
    }
    return item;
}

struct queue_getter {
    struct k_queue *queue;
    uint32_t cancels;
    void *item;
};

static bool queue_try_get(void *arg) {
    struct queue_getter *g = arg;
    g->item = pop_head(g->queue);
    return g->item != NULL || g->queue->cancels != g->cancels;
}

void *k_queue_get(struct k_queue *queue, k_timeout_t timeout) {
    struct queue_getter g = { queue, queue->cancels, NULL };
    (void)mp_zb_wait(queue_try_get, &g, timeout);
    return g.item;
}

bool k_queue_remove(struct k_queue *queue, void *data) {
    void *prev = NULL;
    for (void *item = queue->head; item != NULL; prev = item, item = *link_of(item)) {
        if (item != data) {
            continue;
        }
        if (prev != NULL) {
            *link_of(prev) = *link_of(item);
        } else {
            queue->head = *link_of(item);
        }
        if (queue->tail == item) {
            queue->tail = prev;
        }
        return true;
    }
    return false;
}

bool k_queue_unique_append(struct k_queue *queue, void *data) {
    for (void *item = queue->head; item != NULL; item = *link_of(item)) {
        if (item == data) {
            return false;
        }
    }
    k_queue_append(queue, data);
    return true;
}
