/* process_timer RUNS COMMAND... [-- COMMAND...]...: the median wall time, in milliseconds, of
 * RUNS runs of each command, one line per command in the order given. The commands take turns
 * (run 1 of each, then run 2 of each...), so a disturbance of the shared machine falls on all of
 * them alike, in a new order each turn (shuffled, with a fixed seed): a process runs faster right
 * after another run of the same program, whose code and data the caches and the hypervisor's
 * page tables still hold (on the bench's machine mfcc took 0.5 ms more right after postconf than
 * right after mfcc), so no command may always follow the same one. Each run is posix_spawn and
 * wait4 with standard output and error on /dev/null: the time of the whole process, start-up and
 * exit included, without a shell's or an interpreter's own cost around it. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char** environ;

static int compare_doubles(const void* a, const void* b)
{
    double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char** argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: process_timer RUNS COMMAND... [-- COMMAND...]...\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    if (runs < 1)
        runs = 1;
    /* Split the remaining arguments at "--" into NULL-terminated argument vectors. */
    char*** commands = calloc((size_t)argc, sizeof *commands);
    int count = 0;
    commands[count++] = &argv[2];
    for (int i = 2; i < argc; ++i)
        if (strcmp(argv[i], "--") == 0) {
            argv[i] = NULL;
            commands[count++] = &argv[i + 1];
        }
    double* times = calloc((size_t)count * (size_t)runs, sizeof *times);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    int* order = calloc((size_t)count, sizeof *order);
    for (int c = 0; c < count; ++c)
        order[c] = c;
    unsigned seed = 1;
    for (int run = 0; run < runs; ++run)
        for (int turn = 0; turn < count; ++turn) {
            if (turn == 0)
                for (int i = count - 1; i > 0; --i) {
                    int j = rand_r(&seed) % (i + 1), swapped = order[i];
                    order[i] = order[j];
                    order[j] = swapped;
                }
            int c = order[turn];
            double start = now_ms();
            pid_t pid;
            if (posix_spawnp(&pid, commands[c][0], &actions, NULL, commands[c], environ) != 0) {
                perror(commands[c][0]);
                return 1;
            }
            int status;
            if (waitpid(pid, &status, 0) != pid)
                return 1;
            times[c * runs + run] = now_ms() - start;
        }
    for (int c = 0; c < count; ++c) {
        qsort(&times[c * runs], (size_t)runs, sizeof *times, compare_doubles);
        printf("%.3f\n", times[c * runs + runs / 2]);
    }
    return 0;
}
