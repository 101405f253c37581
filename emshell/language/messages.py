"""Parse-error messages by error id (ParserStrings, powershell-semantics §A11).

The ids are the FullyQualifiedErrorId PowerShell shows for each error; the texts are
ParserStrings', in the PowerShell 1.0/2.0 wording where public error output shows it differs.
`{0}` is filled in by the caller.
"""
from __future__ import annotations

_FOREACH_FORM = "\nThe correct form is: foreach ($a in $b) {...}"

MESSAGES = {
    "UnexpectedToken": "Unexpected token '{0}' in expression or statement.",
    "EmptyPipeElement": "An empty pipe element is not allowed.",
    "ExpressionsMustBeFirstInPipeline": "Expressions are only permitted as the first element of a pipeline.",
    "ExpectedValueExpression": "You must provide a value expression on the right-hand side of the '{0}' operator.",
    "ParameterRequiresArgument": "Parameter -{0} requires an argument.",
    "MissingArgument": "Missing argument in parameter list.",
    "MissingExpression": "Missing expression after '{0}' in pipeline element.",
    "MissingExpressionAfterToken": "Missing expression after '{0}'.",
    "MissingExpressionAfterOperator": "Missing expression after unary operator '{0}'.",
    "IncompleteStatement": "Incomplete statement.",
    "MissingFileSpecification": "Missing file specification after redirection operator.",
    # a bracket left open
    "MissingEndCurlyBrace": "Missing closing '}' in statement block.",
    "MissingEndParenthesisInExpression": "Missing closing ')' in expression.",
    "MissingEndParenthesisInSubexpression": "Missing closing ')' in subexpression.",
    "MissingEndParenthesisInMethodCall": "Missing ')' in method call.",
    "MissingEndParenthesisInFunctionParameterList": "Missing ')' in function parameter list.",
    "MissingEndParenthesisAfterStatement": "Missing closing ')' after expression in '{0}' statement.",
    "MissingEndParenthesisInSwitchStatement": "Missing ')' after expression in switch statement.",
    "MissingEndParenthesisAfterForeach": "Missing closing ')' after expression part of foreach loop." + _FOREACH_FORM,
    "MissingEndSquareBracket": "Missing ']' after array index expression.",
    "MissingArrayIndexExpression": "Array index expression is missing or not valid.",
    # a part of a statement left out
    "MissingVariableNameAfterForeach": "Missing variable name after foreach." + _FOREACH_FORM,
    "MissingInInForeach": "Missing 'in' after variable in foreach loop." + _FOREACH_FORM,
    "MissingForeachExpression": "Missing expression in foreach loop." + _FOREACH_FORM,
    "MissingForeachStatement": "Missing statement body in foreach loop." + _FOREACH_FORM,
    "MissingOpenParenthesisAfterKeyword": "Missing opening '(' after keyword '{0}'.",
    "MissingStatementBlock": "Missing statement block after {0} ( condition ).",
    "MissingStatementBlockAfterElse": "Missing statement block after 'else' keyword.",
    "MissingLoopStatement": "Missing statement body in {0} loop.",
    "MissingWhileOrUntilInDoWhile": "Missing while or until keyword in do loop.",
    "PipelineValueRequired": "A switch statement must have one of the following:  '-file file_name' or "
                             "'( expression )'.",
    "MissingCurlyBraceInSwitchStatement": "Missing '{' in switch statement.",
    "MissingSwitchConditionExpression": "Missing condition in switch statement clause.",
    "MissingSwitchStatementClause": "Missing statement block in switch statement clause.",
    "MissingNameAfterFunctionKeyword": "Missing name after function keyword.",
    "MissingFunctionBody": "Missing function body in function declaration.",
    "MissingTryStatementBlock": "The Try statement is missing its statement block.",
    "MissingCatchOrFinally": "The Try statement is missing its Catch or Finally block.",
    "MissingCatchHandlerBlock": "The Catch block is missing its statement block.",
    "MissingFinallyStatementBlock": "The Finally block is missing its statement block.",
    "MissingTrapStatement": "The 'trap' statement was incomplete. A trap statement requires a body.",
}


def message(error_id: str, *args: str) -> str:
    text = MESSAGES[error_id]
    return text.format(*args) if args else text  # (texts without arguments may hold braces)
