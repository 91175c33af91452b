// The unix port's BTstack-over-H4 build includes "mpbthciport.h", which ports/unix does not
// have. zblegen puts this folder on the include path (CFLAGS_EXTRA) for that build only.
#ifndef ZBLEGEN_UNIX_MPBTHCIPORT_H
#define ZBLEGEN_UNIX_MPBTHCIPORT_H

#include <stdbool.h>

// The unix port polls its HCI UART from a thread every millisecond, so a request to poll
// at once needs no action: the next poll comes within a millisecond anyway.
static inline void mp_bluetooth_hci_poll_now(void) {
}

// Provided by the stack bindings (mpbtstackport_common.c).
bool mp_bluetooth_hci_poll(void);

#endif
