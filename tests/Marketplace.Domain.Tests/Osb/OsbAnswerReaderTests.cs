using System.Globalization;
using Marketplace.Domain.Osb;
using Marketplace.Domain.ServiceInstances;
using Shouldly;

namespace Marketplace.Domain.Tests.Osb;

/// <summary>
/// <see cref="OsbAnswerReader"/> reads whatever a broker sent into an <see cref="OsbAnswer"/>, by the call it answers:
/// an empty body is <c>{}</c>, malformed bodies (not JSON, not an object, a duplicate key, a field of the wrong type)
/// are told apart from well-formed ones (O97, E44, I69), <c>Retry-After</c> is read as delta-seconds or an HTTP date
/// (D34), a poll's state only when it is one OSB knows (D33), <c>ConcurrencyError</c>, <c>AsyncRequired</c> and
/// <c>MaintenanceInfoConflict</c> only on a 422 (N95, N96), a status means what it means for that call (a 201 to a
/// PATCH or DELETE is no success, a 200 to a DELETE is one whatever its body), and <see cref="OsbAnswer.Describe"/>
/// says what came back in words, with the broker's code and description.
/// </summary>
public sealed class OsbAnswerReaderTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static OsbAnswer Read(OsbCall call, int status, string? body, string? retryAfter = null) =>
        OsbAnswerReader.Read(call, status, body, retryAfter, Now);

    // ----- bodies -----

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_body_reads_as_an_empty_object_because_every_OSB_field_is_optional(string? body)
    {
        var accepted = Read(OsbCall.Provision, 202, body).ShouldBeOfType<OsbAnswer.Accepted>();
        var bound = Read(OsbCall.Bind, 201, body).ShouldBeOfType<OsbAnswer.Done>();
        var refused = Read(OsbCall.Provision, 400, body).ShouldBeOfType<OsbAnswer.BadRequest>();

        accepted.Operation.ShouldBeNull();
        accepted.Body.ToJsonString().ShouldBe("{}");
        bound.Body.ToJsonString().ShouldBe("{}");
        refused.Error.ShouldBe(OsbError.None);
    }

    [Fact]
    public void An_empty_body_to_a_poll_is_malformed_because_it_has_no_state()
    {
        Read(OsbCall.PollInstance, 200, string.Empty).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe("no state");
    }

    [Fact]
    public void A_body_with_a_duplicate_key_is_malformed_instead_of_throwing_later()
    {
        var answer = Read(OsbCall.Provision, 201, """{"dashboard_url":"https://a","dashboard_url":"https://b"}""");

        answer.ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe("a duplicate key");
    }

    [Fact]
    public void An_error_body_with_a_duplicate_key_yields_no_error_code()
    {
        var answer = Read(OsbCall.Provision, 422, """{"error":"ConcurrencyError","error":"ConcurrencyError"}""");

        answer.ShouldBeOfType<OsbAnswer.BadRequest>().Error.ShouldBe(OsbError.None);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"state\":", "not JSON")]
    [InlineData("{'operation':'op'}", "not JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("[{\"state\":\"succeeded\"}]", "not a JSON object")]
    [InlineData("\"succeeded\"", "not a JSON object")]
    [InlineData("42", "not a JSON object")]
    [InlineData("null", "not a JSON object")]
    [InlineData("true", "not a JSON object")]
    public void A_body_that_is_no_JSON_object_is_malformed_whatever_the_call_expects_in_it(string body, string problem)
    {
        Read(OsbCall.Provision, 201, body).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe(problem);
        Read(OsbCall.Provision, 202, body).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe(problem);
        Read(OsbCall.Update, 200, body).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe(problem);
        Read(OsbCall.Bind, 200, body).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe(problem);
        Read(OsbCall.FetchBinding, 200, body).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe(problem);
        Read(OsbCall.PollInstance, 200, body).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe(problem);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("<html>Bad Gateway</html>")]
    [InlineData("[]")]
    [InlineData("\"ConcurrencyError\"")]
    public void An_error_body_that_is_no_JSON_object_yields_no_error_code_or_description(string body)
    {
        Read(OsbCall.Provision, 500, body).ShouldBeOfType<OsbAnswer.ServerError>().Error.ShouldBe(OsbError.None);
        Read(OsbCall.Deprovision, 410, body).ShouldBeOfType<OsbAnswer.Gone>().Error.ShouldBe(OsbError.None);
    }

    [Fact]
    public void An_empty_object_is_a_well_formed_body()
    {
        var answer = Read(OsbCall.Provision, 201, "{}");

        answer.ShouldBeOfType<OsbAnswer.Done>().Body.ToJsonString().ShouldBe("{}");
    }

    [Fact]
    public void A_done_answer_keeps_the_brokers_body_as_sent()
    {
        var done = Read(OsbCall.Provision, 201, """{"dashboard_url":"https://dash.example.com","metadata":{"labels":{"a":"b"}}}""")
            .ShouldBeOfType<OsbAnswer.Done>();

        done.Body.Text("dashboard_url").ShouldBe("https://dash.example.com");
        done.Body.Has("metadata").ShouldBeTrue();
        done.Body.ToJsonObject()["metadata"]!["labels"]!["a"]!.GetValue<string>().ShouldBe("b");
    }

    [Fact]
    public void Fields_of_the_wrong_type_read_as_absent()
    {
        var answer = Read(OsbCall.Provision, 422, """{"error":42,"description":["x"],"instance_usable":"false","update_repeatable":0}""");

        answer.ShouldBeOfType<OsbAnswer.BadRequest>().Error.ShouldBe(new OsbError(null, null, null, null));
    }

    [Fact]
    public void A_done_bodys_fields_of_the_wrong_type_read_as_absent_without_making_it_malformed()
    {
        var done = Read(OsbCall.Provision, 201, """{"dashboard_url":42,"description":null,"flag":"true"}""").ShouldBeOfType<OsbAnswer.Done>();

        done.Body.Text("dashboard_url").ShouldBeNull();
        done.Body.Text("description").ShouldBeNull();
        done.Body.Has("description").ShouldBeFalse();
        done.Body.Has("dashboard_url").ShouldBeTrue();
        done.Body.Flag("flag").ShouldBeNull();
    }

    [Fact]
    public void The_brokers_flags_are_read_when_they_are_booleans()
    {
        var answer = Read(OsbCall.Update, 400, """{"description":"Cannot resize","instance_usable":false,"update_repeatable":true}""");

        answer.ShouldBeOfType<OsbAnswer.BadRequest>().Error.ShouldBe(new OsbError(null, "Cannot resize", InstanceUsable: false, UpdateRepeatable: true));
    }

    [Fact]
    public void An_overlong_error_code_and_description_are_cut()
    {
        var body = $$"""{"error":"{{new string('c', 300)}}","description":"{{new string('d', OsbAnswerReader.MaxDescriptionLength + 1)}}"}""";

        var error = Read(OsbCall.Provision, 400, body).ShouldBeOfType<OsbAnswer.BadRequest>().Error;

        error.Code.ShouldBe(new string('c', 200));
        error.Description.ShouldBe(new string('d', 4000));
    }

    // ----- binding answers -----

    [Theory]
    [InlineData("""{"credentials":{"user":"u"}}""", true)]
    [InlineData("""{"credentials":null}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"credentials":"u:p"}""", false)]
    [InlineData("""{"credentials":[]}""", false)]
    [InlineData("""{"credentials":42}""", false)]
    public void A_bind_answers_credentials_must_be_absent_null_or_an_object(string body, bool wellFormed)
    {
        foreach (var (call, status) in new[] { (OsbCall.Bind, 200), (OsbCall.Bind, 201), (OsbCall.FetchBinding, 200) })
        {
            var answer = Read(call, status, body);

            if (wellFormed)
            {
                answer.ShouldBeOfType<OsbAnswer.Done>();
            }
            else
            {
                answer.ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe("credentials is not an object");
            }
        }
    }

    [Theory]
    [InlineData("""{"endpoints":[{"host":"db","ports":["5432"]}]}""", true)]
    [InlineData("""{"endpoints":null}""", true)]
    [InlineData("""{"endpoints":{"host":"db"}}""", false)]
    [InlineData("""{"endpoints":"db:5432"}""", false)]
    public void A_bind_answers_endpoints_must_be_absent_null_or_an_array(string body, bool wellFormed)
    {
        var answer = Read(OsbCall.Bind, 201, body);

        if (wellFormed)
        {
            answer.ShouldBeOfType<OsbAnswer.Done>();
        }
        else
        {
            answer.ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe("endpoints is not an array");
        }
    }

    [Fact]
    public void An_instance_answer_is_not_checked_for_binding_fields()
    {
        Read(OsbCall.Provision, 201, """{"credentials":"u:p","endpoints":"x"}""").ShouldBeOfType<OsbAnswer.Done>();
        Read(OsbCall.Update, 200, """{"credentials":"u:p"}""").ShouldBeOfType<OsbAnswer.Done>();
    }

    // ----- no answer -----

    [Theory]
    [InlineData(NoAnswerKind.Timeout, true, true)]
    [InlineData(NoAnswerKind.Unreachable, true, true)]
    [InlineData(NoAnswerKind.TlsInvalid, false, true)]
    [InlineData(NoAnswerKind.EndpointForbidden, false, false)]
    public void A_call_without_an_answer_has_no_status_says_why_and_whether_it_may_have_reached_the_broker(
        NoAnswerKind kind, bool mayHaveReachedBroker, bool isTransportFailure)
    {
        var answer = OsbAnswerReader.NoAnswer(kind, "No answer within 30 s.").ShouldBeOfType<OsbAnswer.NoAnswer>();

        answer.Kind.ShouldBe(kind);
        answer.Status.ShouldBeNull();
        answer.RetryAfter.ShouldBeNull();
        answer.Describe().ShouldBe("No answer within 30 s.");
        answer.MayHaveReachedBroker.ShouldBe(mayHaveReachedBroker);
        answer.IsTransportFailure.ShouldBe(isTransportFailure);
    }

    // ----- 202 accepted -----

    [Theory]
    [InlineData("""{}""", null)]
    [InlineData("""{"operation":"op-1"}""", "op-1")]
    [InlineData("""{"operation":null,"dashboard_url":null}""", null)]
    [InlineData("""{"operation":"op-1","dashboard_url":"https://dash.example.com"}""", "op-1")]
    public void A_202_with_an_object_and_an_optional_string_operation_is_accepted_with_that_operation(string body, string? operation)
    {
        var answer = Read(OsbCall.Provision, 202, body).ShouldBeOfType<OsbAnswer.Accepted>();

        answer.Operation.ShouldBe(operation);
        answer.Status.ShouldBe(202);
    }

    [Theory]
    [InlineData("""{"operation":42}""")]
    [InlineData("""{"operation":{"id":"op-1"}}""")]
    [InlineData("""{"operation":["op-1"]}""")]
    [InlineData("""{"operation":true}""")]
    public void A_202_whose_operation_is_no_string_is_malformed(string body)
    {
        Read(OsbCall.Provision, 202, body).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe("operation is not a string");
    }

    [Fact]
    public void A_202_with_a_dashboard_url_that_is_no_string_is_accepted_and_the_url_ignored_as_in_a_200()
    {
        var answer = Read(OsbCall.Provision, 202, """{"dashboard_url":42,"operation":"op"}""").ShouldBeOfType<OsbAnswer.Accepted>();

        answer.Operation.ShouldBe("op");
        answer.Body.Text("dashboard_url").ShouldBeNull();
    }

    [Fact]
    public void An_operation_of_10000_characters_is_accepted_and_one_of_10001_is_not()
    {
        var longest = Read(OsbCall.Provision, 202, $$"""{"operation":"{{new string('o', 10_000)}}"}""");
        var tooLong = Read(OsbCall.Provision, 202, $$"""{"operation":"{{new string('o', 10_001)}}"}""");

        OsbAnswerReader.MaxOperationLength.ShouldBe(10_000);
        longest.ShouldBeOfType<OsbAnswer.Accepted>().Operation!.Length.ShouldBe(10_000);
        tooLong.ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe("operation is longer than 10000 characters");
    }

    [Theory]
    [InlineData(OsbCall.Provision)]
    [InlineData(OsbCall.Update)]
    [InlineData(OsbCall.Deprovision)]
    [InlineData(OsbCall.Bind)]
    [InlineData(OsbCall.Unbind)]
    public void A_202_to_a_request_is_accepted(OsbCall call)
    {
        Read(call, 202, """{"operation":"op-1"}""").ShouldBeOfType<OsbAnswer.Accepted>().Operation.ShouldBe("op-1");
    }

    [Theory]
    [InlineData(OsbCall.PollInstance)]
    [InlineData(OsbCall.PollBinding)]
    [InlineData(OsbCall.FetchBinding)]
    [InlineData(OsbCall.Catalog)]
    public void A_202_to_a_GET_is_an_unexpected_status(OsbCall call)
    {
        Read(call, 202, """{"state":"succeeded","operation":"op-1"}""").ShouldBeOfType<OsbAnswer.UnexpectedStatus>().Status.ShouldBe(202);
    }

    // ----- last_operation -----

    [Theory]
    [InlineData("""{"state":"in progress"}""", PollState.InProgress)]
    [InlineData("""{"state":"succeeded","description":"Done"}""", PollState.Succeeded)]
    [InlineData("""{"state":"failed"}""", PollState.Failed)]
    [InlineData("""{"state":"Succeeded"}""", PollState.Succeeded)]
    [InlineData("""{"state":"FAILED"}""", PollState.Failed)]
    [InlineData("""{"state":" In Progress "}""", PollState.InProgress)]
    public void A_poll_state_is_read_in_any_case_and_with_surrounding_blanks(string body, PollState expected)
    {
        Read(OsbCall.PollInstance, 200, body).ShouldBeOfType<OsbAnswer.LastOperation>().State.ShouldBe(expected);
        Read(OsbCall.PollBinding, 200, body).ShouldBeOfType<OsbAnswer.LastOperation>().State.ShouldBe(expected);
    }

    [Theory]
    [InlineData("""{"state":"in_progress"}""", "unknown state 'in_progress', expected 'in progress', 'succeeded' or 'failed'")]
    [InlineData("""{"state":"done"}""", "unknown state 'done', expected 'in progress', 'succeeded' or 'failed'")]
    [InlineData("""{"state":""}""", "unknown state '', expected 'in progress', 'succeeded' or 'failed'")]
    [InlineData("""{"state":true}""", "no state")]
    [InlineData("""{"state":null}""", "no state")]
    [InlineData("""{"description":"no state"}""", "no state")]
    [InlineData("""[{"state":"succeeded"}]""", "not a JSON object")]
    public void A_poll_answer_whose_state_OSB_does_not_know_is_malformed(string body, string problem)
    {
        Read(OsbCall.PollInstance, 200, body).ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe(problem);
    }

    [Fact]
    public void An_overlong_unknown_state_is_cut_in_the_problem()
    {
        var answer = Read(OsbCall.PollBinding, 200, $$"""{"state":"{{new string('s', 500)}}"}""");

        answer.ShouldBeOfType<OsbAnswer.Malformed>().Problem.ShouldBe($"unknown state '{new string('s', 100)}', expected 'in progress', 'succeeded' or 'failed'");
    }

    [Fact]
    public void A_poll_answer_carries_the_brokers_description_and_flags()
    {
        var answer = Read(OsbCall.PollInstance, 200, """{"state":"failed","description":"Disk full","instance_usable":true,"update_repeatable":false}""");

        answer.ShouldBe(new OsbAnswer.LastOperation(PollState.Failed, "Disk full", InstanceUsable: true, UpdateRepeatable: false) { Status = 200 });
    }

    [Fact]
    public void A_poll_answers_flags_and_description_of_the_wrong_type_read_as_absent()
    {
        var answer = Read(OsbCall.PollInstance, 200, """{"state":"in progress","description":7,"instance_usable":"yes","update_repeatable":null}""");

        answer.ShouldBe(new OsbAnswer.LastOperation(PollState.InProgress, null, null, null) { Status = 200 });
    }

    [Fact]
    public void A_poll_answers_overlong_description_is_cut()
    {
        var answer = Read(OsbCall.PollInstance, 200, $$"""{"state":"in progress","description":"{{new string('d', 5000)}}"}""");

        answer.ShouldBeOfType<OsbAnswer.LastOperation>().Description.ShouldBe(new string('d', OsbAnswerReader.MaxDescriptionLength));
    }

    // ----- Retry-After -----

    [Theory]
    [InlineData("0", 0)]
    [InlineData("5", 5)]
    [InlineData(" 120 ", 120)]
    [InlineData("86400", 86_400)]
    public void Retry_After_in_seconds_is_read(string header, int seconds)
    {
        Read(OsbCall.PollInstance, 200, """{"state":"in progress"}""", header).RetryAfter.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData(202)]
    [InlineData(422)]
    [InlineData(503)]
    [InlineData(429)]
    public void Retry_After_is_read_on_any_answer(int status)
    {
        Read(OsbCall.Provision, status, """{"error":"ConcurrencyError"}""", "30").RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_huge_Retry_After_is_read_as_at_most_a_year()
    {
        Read(OsbCall.PollInstance, 200, "{}", "99999999999999").RetryAfter.ShouldBe(TimeSpan.FromDays(365));
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_is_the_time_until_then()
    {
        var header = Now.AddSeconds(90).ToString("r", CultureInfo.InvariantCulture);

        Read(OsbCall.Deprovision, 503, null, header).RetryAfter.ShouldBe(TimeSpan.FromSeconds(90));
        OsbAnswerReader.ReadRetryAfter(header, Now).ShouldBe(TimeSpan.FromSeconds(90));
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_in_the_past_means_now()
    {
        OsbAnswerReader.ReadRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Now).ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1.5")]
    [InlineData("5 seconds")]
    [InlineData("2025-05-01T12:01:00Z")]
    public void An_absent_or_unreadable_Retry_After_is_ignored(string? header)
    {
        OsbAnswerReader.ReadRetryAfter(header, Now).ShouldBeNull();
        Read(OsbCall.Provision, 503, null, header).RetryAfter.ShouldBeNull();
    }

    // ----- error codes -----

    [Fact]
    public void A_422_ConcurrencyError_is_a_concurrency_error_with_the_brokers_description()
    {
        var answer = Read(OsbCall.Provision, 422, """{"error":"ConcurrencyError","description":"Another operation is in progress."}""");

        answer.ShouldBeOfType<OsbAnswer.ConcurrencyError>().Error.ShouldBe(new OsbError("ConcurrencyError", "Another operation is in progress."));
    }

    [Theory]
    [InlineData(409, """{"error":"ConcurrencyError"}""", typeof(OsbAnswer.Conflict))]
    [InlineData(500, """{"error":"ConcurrencyError"}""", typeof(OsbAnswer.ServerError))]
    [InlineData(400, """{"error":"ConcurrencyError"}""", typeof(OsbAnswer.BadRequest))]
    [InlineData(422, """{"error":"concurrencyerror"}""", typeof(OsbAnswer.BadRequest))]
    [InlineData(422, """{"error":"AsyncRequired"}""", typeof(OsbAnswer.AsyncRequired))]
    [InlineData(422, """{"description":"ConcurrencyError"}""", typeof(OsbAnswer.BadRequest))]
    [InlineData(422, "ConcurrencyError", typeof(OsbAnswer.BadRequest))]
    public void Only_a_422_with_the_error_code_ConcurrencyError_is_a_concurrency_error(int status, string body, Type expected)
    {
        var answer = Read(OsbCall.Update, status, body);

        answer.ShouldNotBeOfType<OsbAnswer.ConcurrencyError>();
        answer.GetType().ShouldBe(expected);
    }

    [Fact]
    public void A_422_AsyncRequired_is_recognised_and_only_on_a_422()
    {
        Read(OsbCall.Bind, 422, """{"error":"AsyncRequired"}""").ShouldBeOfType<OsbAnswer.AsyncRequired>().Error.Code.ShouldBe("AsyncRequired");
        Read(OsbCall.Bind, 400, """{"error":"AsyncRequired"}""").ShouldBeOfType<OsbAnswer.BadRequest>().Error.Code.ShouldBe("AsyncRequired");
    }

    [Fact]
    public void A_422_MaintenanceInfoConflict_is_recognised_and_only_on_a_422()
    {
        Read(OsbCall.Update, 422, """{"error":"MaintenanceInfoConflict"}""").ShouldBeOfType<OsbAnswer.MaintenanceInfoConflict>();
        Read(OsbCall.Update, 400, """{"error":"MaintenanceInfoConflict"}""").ShouldBeOfType<OsbAnswer.BadRequest>();
        Read(OsbCall.Update, 422, """{"error":"maintenanceinfoconflict"}""").ShouldBeOfType<OsbAnswer.BadRequest>();
    }

    [Fact]
    public void A_422_with_another_code_is_a_bad_request_that_keeps_the_code()
    {
        var answer = Read(OsbCall.Bind, 422, """{"error":"RequiresApp","description":"An app is needed."}""");

        answer.ShouldBeOfType<OsbAnswer.BadRequest>().Error.ShouldBe(new OsbError("RequiresApp", "An app is needed."));
    }

    // ----- what a status means to each call -----

    [Theory]
    [InlineData(OsbCall.Provision, 200)]
    [InlineData(OsbCall.Provision, 201)]
    [InlineData(OsbCall.Bind, 200)]
    [InlineData(OsbCall.Bind, 201)]
    [InlineData(OsbCall.Update, 200)]
    [InlineData(OsbCall.FetchBinding, 200)]
    [InlineData(OsbCall.Deprovision, 200)]
    [InlineData(OsbCall.Unbind, 200)]
    public void A_success_status_the_call_defines_is_done(OsbCall call, int status)
    {
        var answer = Read(call, status, """{"description":"ok"}""");

        answer.ShouldBeOfType<OsbAnswer.Done>().Body.Text("description").ShouldBe("ok");
        answer.Status.ShouldBe(status);
    }

    [Theory]
    [InlineData(OsbCall.Update, 201)]
    [InlineData(OsbCall.Deprovision, 201)]
    [InlineData(OsbCall.Unbind, 201)]
    [InlineData(OsbCall.FetchBinding, 201)]
    [InlineData(OsbCall.PollInstance, 201)]
    [InlineData(OsbCall.PollBinding, 201)]
    [InlineData(OsbCall.Catalog, 201)]
    [InlineData(OsbCall.Provision, 204)]
    [InlineData(OsbCall.Deprovision, 204)]
    [InlineData(OsbCall.Bind, 203)]
    [InlineData(OsbCall.PollInstance, 204)]
    [InlineData(OsbCall.Provision, 100)]
    [InlineData(OsbCall.Provision, 0)]
    public void A_1xx_or_2xx_the_call_does_not_define_is_an_unexpected_status_not_a_success(OsbCall call, int status)
    {
        var answer = Read(call, status, """{"error":"Odd","state":"succeeded"}""");

        answer.ShouldBeOfType<OsbAnswer.UnexpectedStatus>().Error.Code.ShouldBe("Odd");
        answer.Status.ShouldBe(status);
    }

    [Theory]
    [InlineData(OsbCall.Deprovision, "not json")]
    [InlineData(OsbCall.Deprovision, "[]")]
    [InlineData(OsbCall.Unbind, "<html>ok</html>")]
    [InlineData(OsbCall.Unbind, """{"a":1,"a":2}""")]
    public void A_200_to_a_delete_is_done_even_with_a_malformed_body_because_the_resource_is_gone(OsbCall call, string body)
    {
        Read(call, 200, body).ShouldBeOfType<OsbAnswer.Done>().Body.ToJsonString().ShouldBe("{}");
    }

    [Fact]
    public void A_200_to_a_delete_keeps_a_well_formed_body()
    {
        Read(OsbCall.Deprovision, 200, """{"description":"bye"}""").ShouldBeOfType<OsbAnswer.Done>().Body.Text("description").ShouldBe("bye");
    }

    [Fact]
    public void A_200_to_a_create_an_update_or_a_fetch_with_a_malformed_body_is_malformed_not_done()
    {
        Read(OsbCall.Provision, 200, "oops").ShouldBeOfType<OsbAnswer.Malformed>().Status.ShouldBe(200);
        Read(OsbCall.Update, 200, "oops").ShouldBeOfType<OsbAnswer.Malformed>();
        Read(OsbCall.FetchBinding, 200, "oops").ShouldBeOfType<OsbAnswer.Malformed>();
    }

    [Theory]
    [InlineData("""{"services":[]}""")]
    [InlineData("not json")]
    [InlineData("")]
    public void A_200_to_the_catalog_is_the_document_unparsed(string body)
    {
        Read(OsbCall.Catalog, 200, body).ShouldBeOfType<OsbAnswer.CatalogDocument>().Json.ShouldBe(body);
    }

    [Fact]
    public void A_200_to_the_catalog_without_a_body_is_an_empty_document()
    {
        Read(OsbCall.Catalog, 200, null).ShouldBeOfType<OsbAnswer.CatalogDocument>().Json.ShouldBe(string.Empty);
    }

    [Theory]
    [InlineData(OsbCall.Provision)]
    [InlineData(OsbCall.Deprovision)]
    [InlineData(OsbCall.PollInstance)]
    [InlineData(OsbCall.PollBinding)]
    [InlineData(OsbCall.Unbind)]
    [InlineData(OsbCall.FetchBinding)]
    public void A_410_is_gone_for_every_call_with_the_brokers_error(OsbCall call)
    {
        var answer = Read(call, 410, """{"error":"Gone","description":"Deleted already"}""");

        answer.ShouldBeOfType<OsbAnswer.Gone>().Error.ShouldBe(new OsbError("Gone", "Deleted already"));
        answer.ShouldNotBeAssignableTo<OsbAnswer.Refusal>();
    }

    [Theory]
    [InlineData(404, typeof(OsbAnswer.NotFound))]
    [InlineData(409, typeof(OsbAnswer.Conflict))]
    [InlineData(401, typeof(OsbAnswer.Unauthorized))]
    [InlineData(403, typeof(OsbAnswer.Unauthorized))]
    [InlineData(400, typeof(OsbAnswer.BadRequest))]
    [InlineData(408, typeof(OsbAnswer.BadRequest))]
    [InlineData(412, typeof(OsbAnswer.BadRequest))]
    [InlineData(429, typeof(OsbAnswer.BadRequest))]
    [InlineData(500, typeof(OsbAnswer.ServerError))]
    [InlineData(502, typeof(OsbAnswer.ServerError))]
    [InlineData(503, typeof(OsbAnswer.ServerError))]
    [InlineData(301, typeof(OsbAnswer.Redirect))]
    [InlineData(302, typeof(OsbAnswer.Redirect))]
    [InlineData(304, typeof(OsbAnswer.Redirect))]
    [InlineData(307, typeof(OsbAnswer.Redirect))]
    public void An_error_status_is_the_same_refusal_for_every_call_with_the_brokers_error(int status, Type expected)
    {
        foreach (var call in Enum.GetValues<OsbCall>())
        {
            var answer = Read(call, status, """{"error":"Nope","description":"Not today","instance_usable":true}""");

            answer.GetType().ShouldBe(expected, $"{call} answered {status}");
            var refusal = answer.ShouldBeAssignableTo<OsbAnswer.Refusal>()!;
            refusal.Error.ShouldBe(new OsbError("Nope", "Not today", InstanceUsable: true));
            refusal.Status.ShouldBe(status);
        }
    }

    // ----- descriptions -----

    [Theory]
    [InlineData(500, null, "HTTP 500")]
    [InlineData(500, "<html>oops</html>", "HTTP 500")]
    [InlineData(400, """{"description":"Size must be positive"}""", "HTTP 400: Size must be positive")]
    [InlineData(422, """{"error":"AsyncRequired"}""", "HTTP 422 (AsyncRequired)")]
    [InlineData(422, """{"error":"ConcurrencyError","description":"Busy"}""", "HTTP 422 (ConcurrencyError): Busy")]
    [InlineData(410, """{"description":"Deleted"}""", "HTTP 410: Deleted")]
    [InlineData(302, null, "HTTP 302")]
    [InlineData(204, null, "HTTP 204")]
    [InlineData(201, "{}", "HTTP 201")]
    [InlineData(202, """{"operation":"op-1"}""", "HTTP 202")]
    [InlineData(201, "nope", "HTTP 201 with a malformed body (not JSON)")]
    [InlineData(202, "[]", "HTTP 202 with a malformed body (not a JSON object)")]
    public void An_answer_is_described_with_status_code_and_the_brokers_description(int status, string? body, string expected)
    {
        Read(OsbCall.Provision, status, body).Describe().ShouldBe(expected);
    }

    [Theory]
    [InlineData("""{"state":"in progress","description":"Half way"}""", "HTTP 200, state 'in progress': Half way")]
    [InlineData("""{"state":"succeeded"}""", "HTTP 200, state 'succeeded'")]
    [InlineData("""{"state":"Failed","description":"Disk full"}""", "HTTP 200, state 'failed': Disk full")]
    [InlineData("""{"state":"done"}""", "HTTP 200 with a malformed body (unknown state 'done', expected 'in progress', 'succeeded' or 'failed')")]
    public void A_poll_answer_is_described_with_its_state_in_OSB_spelling(string body, string expected)
    {
        Read(OsbCall.PollInstance, 200, body).Describe().ShouldBe(expected);
    }

    [Theory]
    [InlineData(500, null, "The broker answered the provision with HTTP 500.")]
    [InlineData(500, "<html>oops</html>", "The broker answered the provision with HTTP 500.")]
    [InlineData(400, """{"description":"Size must be positive"}""", "The broker answered the provision with HTTP 400: Size must be positive.")]
    [InlineData(422, """{"error":"AsyncRequired"}""", "The broker answered the provision with HTTP 422 (AsyncRequired).")]
    [InlineData(422, """{"error":"ConcurrencyError","description":"Busy"}""", "The broker answered the provision with HTTP 422 (ConcurrencyError): Busy.")]
    public void An_answer_is_explained_for_users_with_the_call_it_answered(int status, string? body, string expected)
    {
        OperationPolicy.Explain("the provision", Read(OsbCall.Provision, status, body)).ShouldBe(expected);
    }

    [Fact]
    public void A_call_without_an_answer_is_explained_by_its_reason()
    {
        var timeout = OsbAnswerReader.NoAnswer(NoAnswerKind.Timeout, "No answer within 30 s.");
        var unreachable = OsbAnswerReader.NoAnswer(NoAnswerKind.Unreachable, "The broker could not be reached: connection refused.");

        OperationPolicy.Explain("the bind", timeout).ShouldBe("No answer within 30 s.");
        OperationPolicy.Explain("the bind", unreachable).ShouldBe("The broker could not be reached: connection refused.");
    }
}
