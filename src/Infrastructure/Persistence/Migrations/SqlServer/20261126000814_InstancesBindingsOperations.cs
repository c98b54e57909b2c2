using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InstancesBindingsOperations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "BrokerId",
                table: "ServiceInstances",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "BrokerPlanId",
                table: "ServiceInstances",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BrokerServiceId",
                table: "ServiceInstances",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DashboardUrl",
                table: "ServiceInstances",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastOperationDescription",
                table: "ServiceInstances",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastOperationStartedAt",
                table: "ServiceInstances",
                type: "datetimeoffset",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "LastOperationState",
                table: "ServiceInstances",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LastOperationType",
                table: "ServiceInstances",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastOperationUpdatedAt",
                table: "ServiceInstances",
                type: "datetimeoffset",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "ParametersJson",
                table: "ServiceInstances",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PublicationId",
                table: "ServiceInstances",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefusedUpdate",
                table: "ServiceInstances",
                type: "nvarchar(max)",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Usable",
                table: "ServiceInstances",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "WasCreated",
                table: "ServiceInstances",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false, collation: "Latin1_General_100_BIN2"),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Action = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Target = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Details = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BrokerOperations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BrokerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BindingId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Type = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Step = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    BrokerServiceId = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    BrokerPlanId = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RequestJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    TargetPlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    TargetBrokerPlanId = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    MergedParametersJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    UpdateFingerprint = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    OperationToken = table.Column<string>(type: "nvarchar(max)", maxLength: 10000, nullable: true),
                    OriginatingUserId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Deadline = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    LastError = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    BindingsRetrievable = table.Column<bool>(type: "bit", nullable: false),
                    ClaimToken = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ClaimedUntil = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerOperations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceBindings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ParametersJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ProtectedCredentials = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    WasCreated = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastOperationDescription = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    LastOperationStartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastOperationState = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    LastOperationType = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    LastOperationUpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceBindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceBindings_ServiceInstances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "ServiceInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceInstances_BrokerId",
                table: "ServiceInstances",
                column: "BrokerId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_CustomerId",
                table: "AuditEntries",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_BrokerId",
                table: "BrokerOperations",
                column: "BrokerId");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_InstanceId",
                table: "BrokerOperations",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_NextAttemptAt",
                table: "BrokerOperations",
                column: "NextAttemptAt");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceBindings_InstanceId_Name",
                table: "ServiceBindings",
                columns: new[] { "InstanceId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "BrokerOperations");

            migrationBuilder.DropTable(
                name: "ServiceBindings");

            migrationBuilder.DropIndex(
                name: "IX_ServiceInstances_BrokerId",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "BrokerId",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "BrokerPlanId",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "BrokerServiceId",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "DashboardUrl",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "LastOperationDescription",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "LastOperationStartedAt",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "LastOperationState",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "LastOperationType",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "LastOperationUpdatedAt",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "ParametersJson",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "PublicationId",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "RefusedUpdate",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "Usable",
                table: "ServiceInstances");

            migrationBuilder.DropColumn(
                name: "WasCreated",
                table: "ServiceInstances");
        }
    }
}
