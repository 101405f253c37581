"""net.exe (Windows Server 2003): NET START and NET STOP for the lab computer's services.

    net start                 list the running services
    net start|stop SERVICE    by service name or display name (`certsvc`, "Certificate Services")

Texts: adcs-nlb-autodiscover.md §1.8 (the starting/stopping lines, with 2003's display name
"Certificate Services"); errors are net.exe's NERR messages with their HELPMSG numbers. Every
message ends with an empty line, as net.exe prints it; failures exit with 2.
"""
from __future__ import annotations

from emshell.engine.native import NativeContext
from emshell.lab import computers

EXIT_ERROR = 2

SYNTAX = (
    "The syntax of this command is:",
    "",
    "",
    "NET [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |",
    "      HELPMSG | LOCALGROUP | NAME | PAUSE | PRINT | SEND | SESSION |",
    "      SHARE | START | STATISTICS | STOP | TIME | USE | USER | VIEW ]",
    "",
)
NERR_SERVICE_INSTALLED = 2182  # The requested service has already been started.
NERR_BAD_SERVICE_NAME = 2185  # The service name is invalid.
NERR_SERVICE_NOT_STARTED = 3521  # The * service is not started.


def _help(number: int) -> tuple[str, ...]:
    return ("", f"More help is available by typing NET HELPMSG {number}.", "")


def net(ctx: NativeContext, argv: list[str]) -> int:
    command = argv[0].lower() if argv else ""
    if command == "start" and len(argv) == 1:
        return _list_started(ctx)
    if command in ("start", "stop") and len(argv) == 2:
        return (_start if command == "start" else _stop)(ctx, argv[1])
    _write(ctx, *SYNTAX)
    return 1


def _write(ctx: NativeContext, *lines: str) -> None:
    for line in lines:
        ctx.write_line(line)


def _list_started(ctx: NativeContext) -> int:
    running = [s.display_name for s in computers.list_services(ctx.lab, ctx.computer) if s.status == "Running"]
    _write(ctx, "These Windows services are started:", "")
    _write(ctx, *(f"   {name}" for name in sorted(running, key=str.lower)))
    _write(ctx, "", "The command completed successfully.", "")
    return 0


def _start(ctx: NativeContext, name: str) -> int:
    try:
        service = computers.start_service(ctx.lab, ctx.computer, name)
    except computers.UnknownService:
        _write(ctx, "The service name is invalid.", *_help(NERR_BAD_SERVICE_NAME))
        return EXIT_ERROR
    except computers.ServiceAlreadyRunning:
        _write(ctx, "The requested service has already been started.", *_help(NERR_SERVICE_INSTALLED))
        return EXIT_ERROR
    except computers.ServiceDisabled as error:
        _write(ctx, f"System error {error.win32_error} has occurred.", "", str(error), "")
        return EXIT_ERROR
    _write(
        ctx,
        f"The {service.display_name} service is starting.",
        f"The {service.display_name} service was started successfully.",
        "",
    )
    return 0


def _stop(ctx: NativeContext, name: str) -> int:
    try:
        service = computers.stop_service(ctx.lab, ctx.computer, name)
    except computers.UnknownService:
        _write(ctx, "The service name is invalid.", *_help(NERR_BAD_SERVICE_NAME))
        return EXIT_ERROR
    except computers.ServiceNotActive as error:
        _write(ctx, f"The {error.display_name} service is not started.", *_help(NERR_SERVICE_NOT_STARTED))
        return EXIT_ERROR
    _write(
        ctx,
        f"The {service.display_name} service is stopping.",
        f"The {service.display_name} service was stopped successfully.",
        "",
    )
    return 0


NATIVE_COMMANDS = {"net": net, "net.exe": net}
