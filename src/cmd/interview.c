#include "cmd.h"
static ak_err run(int argc, char **argv) { (void)argc; (void)argv; return AK_ERR_INTERNAL; }
const struct ak_cmd ak_cmd_interview = {"interview", "(in progress)", "", run};
