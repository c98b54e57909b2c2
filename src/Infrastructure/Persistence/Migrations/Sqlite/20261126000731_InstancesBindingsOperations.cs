using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "BrokerPlanId",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "BrokerServiceId",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "DashboardUrl",
                table: "ServiceInstances",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastOperationDescription",
                table: "ServiceInstances",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastOperationStartedAt",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "LastOperationState",
                table: "ServiceInstances",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LastOperationType",
                table: "ServiceInstances",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastOperationUpdatedAt",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "ParametersJson",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PublicationId",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefusedUpdate",
                table: "ServiceInstances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Usable",
                table: "ServiceInstances",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "WasCreated",
                table: "ServiceInstances",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Details = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BrokerOperations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BrokerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BindingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    BrokerServiceId = table.Column<string>(type: "TEXT", nullable: false),
                    BrokerPlanId = table.Column<string>(type: "TEXT", nullable: false),
                    RequestJson = table.Column<string>(type: "TEXT", nullable: true),
                    TargetPlanId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TargetBrokerPlanId = table.Column<string>(type: "TEXT", nullable: true),
                    MergedParametersJson = table.Column<string>(type: "TEXT", nullable: true),
                    UpdateFingerprint = table.Column<string>(type: "TEXT", nullable: true),
                    OperationToken = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    OriginatingUserId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Deadline = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    BindingsRetrievable = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClaimToken = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrokerOperations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceBindings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedCredentials = table.Column<string>(type: "TEXT", nullable: true),
                    WasCreated = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastOperationDescription = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    LastOperationStartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LastOperationState = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LastOperationType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LastOperationUpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
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
