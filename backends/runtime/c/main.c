/* The C main of every translated program: runs the program on a thread with a large stack
 * (deep recursion ends in RecursionError, not a crash), builds argv, reports an exception
 * escaping main. */
#include "rpy.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define STACK_SIZE ((size_t)256 << 20)
#define STACK_MARGIN ((size_t)1 << 20)

static int g_argc;
static char **g_argv;
static int g_status;

static void *run(void *arg) {
    (void)arg;
    char here;
    rpy_stack_limit = &here - (STACK_SIZE - STACK_MARGIN);
    rpy_gc_thread_start();
    rpy_init_prebuilt();
    rpy_list *argv = rpy_list_new(g_argc, true);
    for (int i = 0; i < g_argc; i++) {
        rpy_str *s = rpy_str_from_cstr(g_argv[i]);
        argv->items->items[i] = (uint64_t)(uintptr_t)s;
    }
    Signed status = rpy_entry(argv);
    if (rpy_exc_occurred()) status = rpy_report_uncaught(rpy_exc_fetch());
    rpy_flush_all();
    g_status = (int)(status & 0xff);
    rpy_gc_thread_end();
    return NULL;
}

int main(int argc, char **argv) {
    g_argc = argc;
    g_argv = argv;
    rpy_gc_init();
    pthread_attr_t attr;
    pthread_t thread;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, STACK_SIZE);
    if (pthread_create(&thread, &attr, run, NULL) != 0) {
        /* No thread: run on the main stack with its own limit. */
        char here;
        rpy_stack_limit = &here - ((size_t)7 << 20);
        run(NULL);
    } else {
        pthread_join(thread, NULL);
    }
    rpy_gc_report();
    return g_status;
}
