/* Dicts, sets, list operations and sorting (containers.c). */
#ifndef RPY_CONTAINERS_H
#define RPY_CONTAINERS_H
#endif
