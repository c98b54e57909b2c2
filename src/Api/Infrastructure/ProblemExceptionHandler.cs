using System.Text.Json;
using FluentValidation;
using Marketplace.Application.Common.Errors;
using Marketplace.Domain.SharedKernel;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Api.Infrastructure;

/// <summary>The one place that maps an error to its HTTP status and problem details.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception);
        if (problem.Status >= 500 && exception is not DomainRuleViolation)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is DomainRuleViolation { Rule: IRetryLaterRule retry })
        {
            httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(retry.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        ValidationException validation => Validation(validation.Errors
            .GroupBy(e => FieldName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())),
        DomainRuleViolation { Kind: RuleKind.InvalidInput } rule => Validation(
            new Dictionary<string, string[]> { [rule.Field ?? string.Empty] = [rule.Message] }, rule.Code),
        DomainRuleViolation rule => Problem(StatusOf(rule.Kind), rule.Code, TitleOf(rule.Kind), rule.Message),
        NotFoundException notFound => Problem(404, notFound.Code, "Not found", notFound.Message),
        ForbiddenException forbidden => Problem(403, ForbiddenException.Code, "Forbidden", forbidden.Message),
        ConcurrencyException concurrency => Problem(
            concurrency.IsStalePrecondition ? 412 : 409, concurrency.Code, "Concurrent change", concurrency.Message),
        DuplicateKeyException duplicate => Problem(409, duplicate.Code, "Conflict", duplicate.Message),
        BrokerCheckException check => BrokerCheck(check),
        ParametersInvalidException invalid => ParametersInvalid(invalid),
        UnknownLocationException unknown => Problem(422, UnknownLocationException.Code, "Unknown location", unknown.Message),
        BadHttpRequestException badRequest => BadRequest(badRequest),
        _ => Problem(500, ProblemCodes.Unexpected, "Unexpected error", null),
    };

    private static ProblemDetails BadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest)
        {
            return Problem(exception.StatusCode, ProblemCodes.ForStatus(exception.StatusCode), "Bad request", null);
        }

        var json = FindInner<JsonException>(exception);
        var field = json?.Path is { Length: > 2 } path ? FieldName(path.TrimStart('$', '.')) : "body";
        var message = json is null
            ? exception.Message
            : $"The body is not valid JSON for this operation{(json.Path is null ? string.Empty : $" (at {json.Path})")}.";
        return Validation(new Dictionary<string, string[]> { [field] = [message] });
    }

    /// <summary>The broker check on save failed: 422 with the reason's code and, for a catalog, every problem.</summary>
    private static ProblemDetails BrokerCheck(BrokerCheckException check)
    {
        var problem = Problem(422, check.Code, "The broker check failed", check.Message);
        if (check.Problems.Count > 0)
        {
            problem.Extensions["problems"] = check.Problems.Select(p => new { path = p.Path, message = p.Message }).ToArray();
        }

        return problem;
    }

    private static ProblemDetails Validation(Dictionary<string, string[]> errors, string? rule = null)
    {
        var problem = Problem(400, ProblemCodes.ValidationFailed, "The request is invalid", "Correct the fields listed in errors and retry.");
        problem.Extensions["errors"] = errors;
        if (rule is not null)
        {
            problem.Extensions["rule"] = rule;
        }

        return problem;
    }

    /// <summary>X10: like a validation problem, with its own code so clients can tell the plan's schema from our fields.</summary>
    private static ProblemDetails ParametersInvalid(ParametersInvalidException invalid)
    {
        var problem = Problem(400, ParametersInvalidException.Code, "The parameters are not acceptable", invalid.Message);
        problem.Extensions["errors"] = invalid.Errors;
        return problem;
    }

    private static ProblemDetails Problem(int status, string code, string title, string? detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        return problem;
    }

    private static int StatusOf(RuleKind kind) => kind switch
    {
        RuleKind.Conflict => 409,
        RuleKind.NotFound => 404,
        RuleKind.InvalidInput => 400,
        RuleKind.Unavailable => 503,
        _ => 422,
    };

    private static string TitleOf(RuleKind kind) => kind switch
    {
        RuleKind.Conflict => "Conflict",
        RuleKind.NotFound => "Not found",
        RuleKind.Unavailable => "Unavailable for now",
        _ => "Refused by a rule",
    };

    /// <summary>Field names as clients write them: camelCase, nested with dots.</summary>
    private static string FieldName(string propertyName) =>
        string.Join('.', propertyName.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }
}
