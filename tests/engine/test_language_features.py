"""Each language feature of issue 2, run through the whole engine, with exact console text."""
from __future__ import annotations

import pytest

from emshell.host.capture import run_commands

CASES = [
    # statements, separators, pipelines
    ("statements split by ; and newlines", "1; 2\n3", "1\n2\n3\n"),
    ("pipe then newline continues", "1,2 |\n  ForEach-Object { $_ + 1 }", "2\n3\n"),
    ("comments", "1 # one\n<# block\ncomment #> 2", "1\n2\n"),
    ("backtick continuation", "Write-Output `\n  'x'", "x\n"),
    ("backtick escapes", '"a`tb`nc"', "a\tb\nc\n"),
    # dashes and quotes as PowerShell treats them
    ("en dash parameter", "Write-Output \u2013InputObject 5", "5\n"),
    ("em dash operator", "1 \u2014eq 1", "True\n"),
    ("curly double quotes", "\u201cab\u201d", "ab\n"),
    ("curly single quotes", "\u2018a\u2019", "a\n"),
    ("mixed quote class closes", "\u2018ab'", "ab\n"),
    ("doubled quote escapes", "'it''s'", "it's\n"),
    # command mode
    ("bareword path argument", "Write-Output c:\\CAS_SAN_cert.req", "c:\\CAS_SAN_cert.req\n"),
    ("bareword with dots", "Write-Output mail.ehlo.dk", "mail.ehlo.dk\n"),
    ("comma list as one array", "$a = Write-Output a.ehlo.dk, b.ehlo.dk; $a.Count; $a[1]", "2\nb.ehlo.dk\n"),
    ("comma then newline", "Write-Output a,\n  b", "a\nb\n"),
    ("colon argument", "Write-Output -InputObject:7", "7\n"),
    ("splatting", "$p = @{InputObject = 'splat'}; Write-Output @p", "splat\n"),
    ("call operator", "& { 'called' }", "called\n"),
    ("call operator with string", "& 'Write-Output' hi", "hi\n"),
    ("call operator after a pipe", "1, 2 | & { process { $_ * 10 } }", "10\n20\n"),
    ("dot-source after a pipe", "'x' |. { process { \"dot $_\" } }", "dot x\n"),
    ("paren argument with member", "Write-Output ('abc').Length", "3\n"),
    ("subexpression argument", "Write-Output $(1 + 2)", "3\n"),
    ("numbers are numbers", "Write-Output 1kb", "1024\n"),
    ("a number bound to a string keeps its text", "Write-Warning 007", "WARNING: 007\n"),
    # expression mode
    ("variable expansion", '$a = "x"; "v=$a"', "v=x\n"),
    ("subexpression expansion", '"sum=$(1 + 2)"', "sum=3\n"),
    ("only the name expands", '$a = "ab"; "$a.Length"', "ab.Length\n"),
    ("braced variable", "${my var} = 4; ${my var}", "4\n"),
    ("here-string", "@\"\nline $(1+1)\n\"@", "line 2\n"),
    ("verbatim here-string", "@'\n$x\n'@", "$x\n"),
    ("numbers with multipliers", "1kb; 2mb; 0x10", "1024\n2097152\n16\n"),
    ("booleans and null", "$true; $false; $null", "True\nFalse\n"),
    ("ranges", "1..3", "1\n2\n3\n"),
    ("array subexpression", "@(5).Count; @().Count", "1\n0\n"),
    ("hashtable", "$h = @{a = 1; b = 2}; $h.b; $h['a']", "2\n1\n"),
    ("member access and method call", "'abc'.ToUpper().Length", "3\n"),
    ("indexing", "$a = 10, 20, 30; $a[1]; $a[-1]", "20\n30\n"),
    ("byte arrays enumerate", "[System.Text.Encoding]::UTF8.GetBytes('ab') | ForEach-Object { $_ + 1 }", "98\n99\n"),
    ("casts", "[int]'42' + 1; [string]5 + 5", "43\n55\n"),
    ("typed variables keep their type", "[int]$t = 5; $t = '8'; $t + 1; $u = 1; $u = 'x'; $u", "9\nx\n"),
    ("typed parameters keep their type", "function f([int]$n) { $n = '7'; $n + 1 }; f 2", "8\n"),
    ("static members", "[math]::Max(2, 7); [int]::MaxValue", "7\n2147483647\n"),
    ("arithmetic precedence", "2 + 3 * 4; (2 + 3) * 4; 7 / 2; 7 % 3", "14\n20\n3.5\n1\n"),
    ("comparison operators", "5 -gt 3; 'a' -eq 'A'; 'a' -ceq 'A'; 3 -le 2", "True\nTrue\nFalse\nFalse\n"),
    ("like and match", "'abc' -like 'a*'; 'abc' -notlike '*z'; 'abc' -match 'b.'; $Matches[0]",
     "True\nTrue\nTrue\nbc\n"),
    ("contains and in", "1,2 -contains 2; 3 -notcontains 3; 2 -in 1,2; 5 -notin 1,2", "True\nFalse\nTrue\nTrue\n"),
    ("array on the left filters", "1,2,3,2 -eq 2", "2\n2\n"),
    ("logical operators", "$true -and $false; $true -or $false; -not $true; !$false", "False\nTrue\nFalse\nTrue\n"),
    ("replace split join format", "'aXbX' -replace 'X', '-'; 'a b' -split ' '; 1,2 -join '+'; '{0}|{1,3}' -f 'a', 7",
     "a-b-\na\nb\n1+2\na|  7\n"),
    ("assignment operators", "$x = 5; $x += 2; $x -= 1; $x", "6\n"),
    ("case-insensitive variables", "$Name = 'x'; $name", "x\n"),
    # statements
    ("if elseif else", "if ($false) { 1 } elseif ($true) { 2 } else { 3 }", "2\n"),
    ("else on the next line", "if ($false) { 1 }\nelse { 3 }", "3\n"),
    ("foreach", "foreach ($i in 1..2) { \"i$i\" }", "i1\ni2\n"),
    ("for", "for ($i = 0; $i -lt 2; $i++) { $i }", "0\n1\n"),
    ("while with break", "$i = 0; while ($true) { $i++; if ($i -ge 3) { break } }; $i", "3\n"),
    ("do until", "$i = 0; do { $i++ } until ($i -eq 2); $i", "2\n"),
    ("continue", "foreach ($i in 1..4) { if ($i % 2) { continue }; $i }", "2\n4\n"),
    ("labelled continue", ":outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { continue outer }; "
     "\"$a$b\" } }", "11\n21\n31\n"),
    ("labelled break", ":outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { break outer }; "
     "\"$a$b\" } }; 'after'", "11\nafter\n"),
    ("labels on while and for, any case",
     "$i = 0; :Outer while ($true) { $i++; for ($j = 0; $j -lt 5; $j++) { if ($j -eq 1) { continue OUTER }; "
     "if ($i -eq 3) { break outer }; \"$i/$j\" } }; 'done'", "1/0\n2/0\ndone\n"),
    ("label on a line of its own before do", ":lbl\ndo { 'once'; foreach ($x in 1..3) { break lbl } } while ($true)",
     "once\n"),
    ("labelled switch", ":items switch (1, 2, 3) { 2 { continue items } default { $_ } }", "1\n3\n"),
    ("a labelled break in a switch ends the loop", ":l foreach ($i in 1..3) { switch ($i) { 2 { break l } }; $i }",
     "1\n"),
    ("break and continue in a switch act on the switch", "foreach ($i in 1..3) { switch ($i) { 2 { break } }; $i }",
     "1\n2\n3\n"),
    ("a label before a command is a command name", ":x 1",
     "The term ':x' is not recognized as a cmdlet, function, operable program, or scr\n"
     "ipt file. Verify the term and try again.\nAt line:1 char:3\n+ :x  <<<< 1\n"),
    ("$null down a pipeline is one object", "$null | ForEach-Object { 'x' }; 1, $null | ForEach-Object { \"[$_]\" }",
     "x\n[1]\n[]\n"),
    ("$null in an array subexpression counts", "@($null).Count; @($null, $null).Count; $n = $null; @($n).Count",
     "1\n2\n1\n"),
    ("foreach skips $null", "foreach ($i in $null) { 'never' }; 'done'", "done\n"),
    ("no output is not $null", "@(Get-Item c:\\nope -ErrorAction 0).Count; (Get-Item c:\\nope -ea 0) | "
     "ForEach-Object { 'never' }; $h = @{}; @($h.Clear()).Count; @([void]1).Count", "0\n0\n0\n"),
    ("$null output of a function", "function f { $null; 1 }; (f).Count; @(1..3 | ForEach-Object { $null }).Count",
     "2\n3\n"),
    ("switch", "switch (2) { 1 { 'one' } 2 { 'two' } default { 'other' } }", "two\n"),
    ("switch wildcard", "switch -wildcard ('mail.ehlo.dk') { '*.dk' { 'dk' } default { 'x' } }", "dk\n"),
    ("switch regex", "switch -regex ('cas01') { '^cas\\d+$' { 'cas' } }", "cas\n"),
    ("switch regex sets $matches", "switch -regex ('abc123') { '(\\d+)' { $matches[1] } }", "123\n"),
    ("$_ comes back after a nested pipeline", "1..2 | % { 'z' | % { }; \"$_\" }", "1\n2\n"),
    ("$_ comes back after switch and catch", "'x' | % { switch ('y') { default {} }; try { throw 'e' } catch { }; $_ }",
     "x\n"),
    ("function with param", "function f { param($a, $b = 2) $a + $b }; f 1; f 1 5", "3\n6\n"),
    ("function named parameter", "function g($name) { \"hi $name\" }; g -name bob", "hi bob\n"),
    ("return", "function ret { return 5; 6 }; ret", "5\n"),  # (`r` is an alias, which wins)
    ("filter with $_", "filter double { $_ * 2 }; 1, 2 | double", "2\n4\n"),
    ("function process block", "function p { process { $_ + 100 } }; 1, 2 | p", "101\n102\n"),
    ("try catch finally", "try { throw 'bad' } catch { \"caught $_\" } finally { 'done' }", "caught bad\ndone\n"),
    ("trap continue", "trap { 'trapped'; continue }; throw 'x'; 'after'", "trapped\nafter\n"),
    ("script block invoke", "$sb = { param($x) $x * 3 }; & $sb 4; $sb.Invoke(2)", "12\n6\n"),
    ("redirection merges errors", "Write-Error 'e1' 2>&1 | ForEach-Object { 'got: ' + $_ }", "got: e1\n"),
    ("automatic variables", "$? ; 1 | Out-Null; $FormatEnumerationLimit", "True\n16\n"),
]


@pytest.mark.parametrize("name,source,expected", CASES, ids=[c[0] for c in CASES])
def test_feature(name: str, source: str, expected: str) -> None:
    assert run_commands(source) == expected


def test_a_failing_statement_stops_only_itself_and_what_ran_before_it_stands() -> None:
    script = (
        "function Make { Set-Content c:\\a.txt one; Copy-Item c:\\nope c:\\b.txt -ErrorAction Stop }\n"
        "if ($true) { [int]'x'; 'after bad cast' }\n"
        "foreach ($i in 1..2) { 1/0; \"loop $i\" }\n"
        "try { [int]'y' } catch { 'caught' }\n"
        "Make\n"
        "'not reached'\n")
    output = run_commands(script, "Get-Content c:\\a.txt; Test-Path c:\\b.txt")
    assert "after bad cast\n" in output and "loop 1\n" in output and "loop 2\n" in output
    assert "caught\n" in output
    assert "not reached" not in output  # -ErrorAction Stop ends the script
    assert output.endswith("one\nFalse\n")  # the statements that succeeded keep their changes
