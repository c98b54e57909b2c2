using Marketplace.Application.Common.Ports;
using Marketplace.Application.ServiceInstances.Operations;
using Marketplace.Domain.ServiceInstances;

namespace Marketplace.Application.Tests.ServiceInstances;

/// <summary>
/// <see cref="BrokerAnswer"/> reads whatever a broker sent: malformed bodies (not a JSON object, fields of the wrong
/// type) are told apart from well-formed ones (O97, E44), <c>Retry-After</c> is read as delta-seconds or an HTTP date
/// (D34), a poll's state only when it is one OSB knows (D33), <c>ConcurrencyError</c> only on a 422 (N95), and
/// <see cref="BrokerAnswer.Explain"/> says what happened in words, with the broker's code and description.
/// </summary>
public sealed class BrokerAnswerTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static BrokerAnswer Answer(int status, string? body, string? retryAfter = null)
    {
        var headers = retryAfter is null
            ? null
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = retryAfter };
        return BrokerAnswer.Of(new BrokerCallResult(BrokerCallOutcome.Answered, status, body, null, "request-1", TimeSpan.FromMilliseconds(3), headers));
    }

    // ----- bodies -----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_body_reads_as_an_empty_object_because_every_OSB_field_is_optional(string? body)
    {
        var answer = Answer(202, body);

        answer.BodyIsObject.ShouldBeTrue();
        answer.Body!.Count.ShouldBe(0);
        answer.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength).ShouldBeTrue();
    }

    [Fact]
    public void A_body_with_a_duplicate_key_is_malformed_instead_of_throwing_later()
    {
        var answer = Answer(201, """{"dashboard_url":"https://a","dashboard_url":"https://b"}""");

        answer.BodyIsObject.ShouldBeFalse();
        answer.StringField("dashboard_url").ShouldBeNull();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"state\":")]
    [InlineData("[]")]
    [InlineData("[{\"state\":\"succeeded\"}]")]
    [InlineData("\"succeeded\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void A_body_that_is_no_JSON_object_is_malformed_and_yields_no_fields(string? body)
    {
        var answer = Answer(200, body);

        answer.Answered.ShouldBeTrue();
        answer.BodyIsObject.ShouldBeFalse();
        answer.Body.ShouldBeNull();
        answer.Description.ShouldBeNull();
        answer.ErrorCode.ShouldBeNull();
        answer.PollState.ShouldBeNull();
        answer.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength).ShouldBeFalse();
        answer.FieldIsAbsentOr("credentials", System.Text.Json.JsonValueKind.Object).ShouldBeFalse();
    }

    [Fact]
    public void An_empty_object_is_a_well_formed_body()
    {
        var answer = Answer(201, "{}");

        answer.BodyIsObject.ShouldBeTrue();
        answer.Body.ShouldNotBeNull().Count.ShouldBe(0);
        answer.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength).ShouldBeTrue();
    }

    [Fact]
    public void Fields_of_the_wrong_type_read_as_absent()
    {
        var answer = Answer(422, """{"error":42,"description":["x"],"instance_usable":"false","update_repeatable":0}""");

        answer.BodyIsObject.ShouldBeTrue();
        answer.ErrorCode.ShouldBeNull();
        answer.Description.ShouldBeNull();
        answer.InstanceUsable.ShouldBeNull();
        answer.UpdateRepeatable.ShouldBeNull();
    }

    [Fact]
    public void The_brokers_flags_are_read_when_they_are_booleans()
    {
        var answer = Answer(400, """{"description":"Cannot resize","instance_usable":false,"update_repeatable":true}""");

        answer.Description.ShouldBe("Cannot resize");
        answer.InstanceUsable.ShouldBe(false);
        answer.UpdateRepeatable.ShouldBe(true);
    }

    [Theory]
    [InlineData("""{"credentials":{"user":"u"}}""", true)]
    [InlineData("""{"credentials":null}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"credentials":"u:p"}""", false)]
    [InlineData("""{"credentials":[]}""", false)]
    public void A_field_is_checked_to_be_absent_null_or_of_the_expected_kind(string body, bool expected)
    {
        Answer(200, body).FieldIsAbsentOr("credentials", System.Text.Json.JsonValueKind.Object).ShouldBe(expected);
    }

    [Fact]
    public void A_call_without_an_answer_has_no_body_and_no_status()
    {
        var timeout = BrokerAnswer.Of(new BrokerCallResult(BrokerCallOutcome.Timeout, null, null, "No answer within 30 s.", "request-2", TimeSpan.FromSeconds(30)));

        timeout.Answered.ShouldBeFalse();
        timeout.IsTimeout.ShouldBeTrue();
        timeout.Status.ShouldBe(0);
        timeout.BodyIsObject.ShouldBeFalse();
        timeout.RetryAfter(Now).ShouldBeNull();
    }

    // ----- 202 accepted -----

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"operation":"op-1"}""")]
    [InlineData("""{"operation":null,"dashboard_url":null}""")]
    [InlineData("""{"operation":"op-1","dashboard_url":"https://dash.example.com"}""")]
    public void A_202_with_an_object_and_an_optional_string_operation_is_well_formed(string body)
    {
        Answer(202, body).IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength).ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"operation":42}""")]
    [InlineData("""{"operation":{"id":"op-1"}}""")]
    public void A_202_whose_operation_is_no_string_is_malformed(string body)
    {
        Answer(202, body).IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength).ShouldBeFalse();
    }

    [Fact]
    public void A_202_with_a_dashboard_url_that_is_no_string_is_accepted_and_the_url_ignored_as_in_a_200()
    {
        var answer = Answer(202, """{"dashboard_url":42,"operation":"op"}""");

        answer.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength).ShouldBeTrue();
        answer.StringField("dashboard_url").ShouldBeNull();
    }

    [Fact]
    public void An_operation_of_10000_characters_is_accepted_and_one_of_10001_is_not()
    {
        var longest = Answer(202, $$"""{"operation":"{{new string('o', 10_000)}}"}""");
        var tooLong = Answer(202, $$"""{"operation":"{{new string('o', 10_001)}}"}""");

        longest.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength).ShouldBeTrue();
        longest.StringField("operation")!.Length.ShouldBe(10_000);
        tooLong.IsWellFormedAccepted(BrokerOperation.MaxOperationTokenLength).ShouldBeFalse();
    }

    // ----- last_operation -----

    [Theory]
    [InlineData("""{"state":"in progress"}""", "in progress")]
    [InlineData("""{"state":"succeeded","description":"Done"}""", "succeeded")]
    [InlineData("""{"state":"failed"}""", "failed")]
    [InlineData("""{"state":"Succeeded"}""", "succeeded")]
    [InlineData("""{"state":" In Progress "}""", "in progress")]
    [InlineData("""{"state":"in_progress"}""", null)]
    [InlineData("""{"state":"done"}""", null)]
    [InlineData("""{"state":""}""", null)]
    [InlineData("""{"state":true}""", null)]
    [InlineData("""{"state":null}""", null)]
    [InlineData("""{"description":"no state"}""", null)]
    [InlineData("""[{"state":"succeeded"}]""", null)]
    public void A_poll_state_is_read_only_when_it_is_one_OSB_knows_in_any_case(string body, string? expected)
    {
        Answer(200, body).PollState.ShouldBe(expected);
    }

    // ----- Retry-After -----

    [Theory]
    [InlineData("0", 0)]
    [InlineData("5", 5)]
    [InlineData(" 120 ", 120)]
    [InlineData("86400", 86_400)]
    public void Retry_After_in_seconds_is_read(string header, int seconds)
    {
        Answer(200, "{}", header).RetryAfter(Now).ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void A_huge_Retry_After_is_read_as_at_most_a_year()
    {
        Answer(200, "{}", "99999999999999").RetryAfter(Now).ShouldBe(TimeSpan.FromDays(365));
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_is_the_time_until_then()
    {
        var header = Now.AddSeconds(90).ToString("r", System.Globalization.CultureInfo.InvariantCulture);

        Answer(200, "{}", header).RetryAfter(Now).ShouldBe(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_in_the_past_means_now()
    {
        Answer(200, "{}", "Wed, 21 Oct 2015 07:28:00 GMT").RetryAfter(Now).ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("5 seconds")]
    [InlineData("2025-05-01T12:01:00Z")]
    public void An_unreadable_Retry_After_is_ignored(string header)
    {
        Answer(200, "{}", header).RetryAfter(Now).ShouldBeNull();
    }

    [Fact]
    public void No_Retry_After_header_reads_as_none()
    {
        Answer(200, "{}").RetryAfter(Now).ShouldBeNull();
    }

    // ----- error codes -----

    [Fact]
    public void A_422_ConcurrencyError_is_a_concurrency_error()
    {
        var answer = Answer(422, """{"error":"ConcurrencyError","description":"Another operation is in progress."}""");

        answer.IsConcurrencyError.ShouldBeTrue();
        answer.IsMaintenanceInfoConflict.ShouldBeFalse();
        answer.ErrorCode.ShouldBe("ConcurrencyError");
    }

    [Theory]
    [InlineData(409, """{"error":"ConcurrencyError"}""")]
    [InlineData(500, """{"error":"ConcurrencyError"}""")]
    [InlineData(422, """{"error":"concurrencyerror"}""")]
    [InlineData(422, """{"error":"AsyncRequired"}""")]
    [InlineData(422, """{"description":"ConcurrencyError"}""")]
    [InlineData(422, "ConcurrencyError")]
    public void Only_a_422_with_the_error_code_ConcurrencyError_is_a_concurrency_error(int status, string body)
    {
        Answer(status, body).IsConcurrencyError.ShouldBeFalse();
    }

    [Fact]
    public void A_422_MaintenanceInfoConflict_is_recognised()
    {
        var answer = Answer(422, """{"error":"MaintenanceInfoConflict"}""");

        answer.IsMaintenanceInfoConflict.ShouldBeTrue();
        answer.IsConcurrencyError.ShouldBeFalse();
    }

    // ----- explanations -----

    [Theory]
    [InlineData(500, null, "The broker answered the provision with HTTP 500.")]
    [InlineData(500, "<html>oops</html>", "The broker answered the provision with HTTP 500.")]
    [InlineData(400, """{"description":"Size must be positive"}""", "The broker answered the provision with HTTP 400: Size must be positive")]
    [InlineData(422, """{"error":"AsyncRequired"}""", "The broker answered the provision with HTTP 422 (AsyncRequired).")]
    [InlineData(422, """{"error":"ConcurrencyError","description":"Busy"}""", "The broker answered the provision with HTTP 422 (ConcurrencyError): Busy")]
    public void An_answer_is_explained_with_status_code_and_the_brokers_description(int status, string? body, string expected)
    {
        Answer(status, body).Explain("the provision").ShouldBe(expected);
    }

    [Fact]
    public void A_call_without_an_answer_is_explained_by_its_error_or_as_unreachable()
    {
        var withError = BrokerAnswer.Of(new BrokerCallResult(BrokerCallOutcome.Timeout, null, null, "No answer within 30 s.", "r", TimeSpan.Zero));
        var withoutError = BrokerAnswer.Of(new BrokerCallResult(BrokerCallOutcome.Unreachable, null, null, null, "r", TimeSpan.Zero));

        withError.Explain("the bind").ShouldBe("No answer within 30 s.");
        withoutError.Explain("the bind").ShouldBe("The broker could not be reached for the bind.");
    }
}
