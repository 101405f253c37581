"""Host message layouts against the PowerShell 1.0 / Exchange 2007 captures (real-outputs §7)."""
from emshell.engine.errors import ErrorRecord, ScriptPosition
from emshell.formatting.messages import (
    confirm_help, render_choices, render_confirm, render_credential_password_prompt,
    render_credential_user_prompt, render_debug, render_error, render_mandatory_prompt_header,
    render_parameter_prompt, render_verbose, render_warning,
)


def test_error_get_process_sample_7c():
    record = ErrorRecord(
        "No process with process ID 99 was found.",
        command_name="Get-Process",
        position=ScriptPosition(line_number=1, column=12, line_text="Get-Process -Id 99", marker=12),
    )
    assert render_error(record, 80) == [
        "Get-Process : No process with process ID 99 was found.",
        "At line:1 char:12",
        "+ Get-Process  <<<< -Id 99",
    ]


def test_error_new_object_sample_7c_is_hard_wrapped_at_79():
    message = (
        'The object written to the pipeline is an instance of the type "Microsoft.Office.Interop.'
        "Excel.ApplicationClass\" from the component's primary interop assembly. If this type exposes "
        "different members than the IDispatch members, scripts written to work with this object might "
        "not work if the primary interop assembly is not installed."
    )
    line = "$xl = New-Object -ComObject Excel.Application -Strict"
    record = ErrorRecord(message, command_name="New-Object",
                         position=ScriptPosition(1, 17, line, marker=17))
    assert render_error(record, 80) == [
        'New-Object : The object written to the pipeline is an instance of the type "Mic',
        'rosoft.Office.Interop.Excel.ApplicationClass" from the component\'s primary inte',
        "rop assembly. If this type exposes different members than the IDispatch members",
        ", scripts written to work with this object might not work if the primary intero",
        "p assembly is not installed.",
        "At line:1 char:17",
        "+ $xl = New-Object  <<<< -ComObject Excel.Application -Strict",
    ]


def test_error_message_of_sample_7a_and_long_source_line():
    message = (
        "Seeding failed : Database seeding error: Log files already exist at "
        "'G:\\ExchangeMailboxDBTransactionLogs'. They must be removed before storage group seeding "
        "or reseeding can be performed. The '-DeleteExistingFiles' switch can be used with the "
        "'Update-StorageGroupCopy' task to accomplish this."
    )
    source = 'Update-StorageGroupCopy -Identity "EXCHANGE1\\StorageGroup1" -StandbyMachine ex2.ehlo.dk'
    record = ErrorRecord(message, command_name="Update-StorageGroupCopy",
                         position=ScriptPosition(1, 24, source, marker=24))
    assert render_error(record, 80) == [
        "Update-StorageGroupCopy : Seeding failed : Database seeding error: Log files al",
        "ready exist at 'G:\\ExchangeMailboxDBTransactionLogs'. They must be removed befo",
        "re storage group seeding or reseeding can be performed. The '-DeleteExistingFil",
        "es' switch can be used with the 'Update-StorageGroupCopy' task to accomplish th",
        "is.",
        "At line:1 char:24",
        '+ Update-StorageGroupCopy  <<<< -Identity "EXCHANGE1\\StorageGroup1" -StandbyMac',
        "hine ex2.ehlo.dk",
    ]


def test_error_without_command_script_file_and_embedded_newline():
    record = ErrorRecord(
        "Property X cannot be set.\nCurrent version of the object is 0.0 (6.5.6500.0).",
        position=ScriptPosition(3, 5, "    throw 'x'", marker=4, file="C:\\scripts\\a.ps1"),
    )
    assert render_error(record, 80) == [
        "Property X cannot be set.",
        "Current version of the object is 0.0 (6.5.6500.0).",
        "At C:\\scripts\\a.ps1:3 char:5",
        "+      <<<< throw 'x'",
    ]


def test_parse_error_has_no_prefix_and_record_without_position_is_message_only():
    parse = ErrorRecord("Unexpected token 'b' in expression or statement.", command_name="x",
                        is_parse_error=True, position=ScriptPosition(1, 3, "a b", marker=2))
    assert render_error(parse, 80) == [
        "Unexpected token 'b' in expression or statement.",
        "At line:1 char:3",
        "+ a  <<<< b",
    ]
    assert render_error(ErrorRecord("bare", command_name="Get-X"), 80) == ["Get-X : bare"]


def test_warning_word_wrap_of_sample_7a():
    text = ("Performing a Restore-StorageGroupCopy operation on storage group 'StorageGroup1' with "
            "the Force option. Data loss is expected for this storage group.")
    assert render_warning(text, 80) == [
        "WARNING: Performing a Restore-StorageGroupCopy operation on storage group ",
        "'StorageGroup1' with the Force option. Data loss is expected for this storage ",
        "group.",
    ]


def test_warning_space_that_does_not_fit_starts_the_next_line_7a():
    text = ("Failed to copy remaining log files (through Exx.log) during Restore-StorageGroupCopy "
            "operation for storage group copy (StorageGroup1). Failure reason: Microsoft Exchange "
            "Replication service RPC failed : The storage group does not have any passive copies "
            "configured..")
    assert render_warning(text, 80) == [
        "WARNING: Failed to copy remaining log files (through Exx.log) during ",
        "Restore-StorageGroupCopy operation for storage group copy (StorageGroup1). ",
        "Failure reason: Microsoft Exchange Replication service RPC failed : The storage",
        " group does not have any passive copies configured..",
    ]


def test_verbose_debug_and_overlong_word():
    assert render_verbose("done", 80) == ["VERBOSE: done"]
    assert render_debug("x" * 20, 16) == ["DEBUG: ", "x" * 15, "x" * 5]


def test_confirm_sample_7a_moves_default_to_next_line():
    message = (
        "Continuous replication seeding found an obsolete checkpoint "
        "'G:\\ExchangeMailboxDBTransactionLogs\\E02.chk' file for storage group copy "
        "'StorageGroup1'. The checkpoint file will be deleted, and then the database will be "
        "seeded if you confirm now."
    )
    assert render_confirm("Confirm", message, width=80) == [
        "",
        "Confirm",
        "Continuous replication seeding found an obsolete checkpoint ",
        "'G:\\ExchangeMailboxDBTransactionLogs\\E02.chk' file for storage group copy ",
        "'StorageGroup1'. The checkpoint file will be deleted, and then the database ",
        "will be seeded if you confirm now.",
        "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help ",
        '(default is "Y"):',
    ]


def test_confirm_with_message_lines_and_short_choice_line():
    message = 'Are you sure you want to perform this action?\nMoving database path "EX2\\SG1\\DB1".'
    assert render_confirm("Confirm", message, ("&Yes", "&No"), default=1, width=80) == [
        "",
        "Confirm",
        "Are you sure you want to perform this action?",
        'Moving database path "EX2\\SG1\\DB1".',
        '[Y] Yes  [N] No  [?] Help (default is "N"):',
    ]


def test_mandatory_and_credential_prompts():
    assert render_mandatory_prompt_header("New-Mailbox", 1) == [
        "",
        "cmdlet New-Mailbox at command pipeline position 1",
        "Supply values for the following parameters:",
    ]
    assert render_mandatory_prompt_header("Get-Credential", 2, help_available=True)[-1] == (
        "(Type !? for Help.)")
    assert render_parameter_prompt("Name") == "Name: "
    assert render_parameter_prompt("DomainName", 0) == "DomainName[0]: "
    assert render_credential_user_prompt() == "User: "
    assert render_credential_password_prompt("EHLO\\Administrator") == (
        "Password for user EHLO\\Administrator: ")


def test_choice_help_and_choices_alone():
    assert confirm_help()[0] == "Y - Continue with only the next step of the operation."
    assert confirm_help()[-1] == (
        'S - Pause the current pipeline and return to the command prompt. Type "exit" to resume '
        "the pipeline.")
    assert render_choices(("&Yes", "&No"), None, 80) == ["[Y] Yes  [N] No  [?] Help "]
