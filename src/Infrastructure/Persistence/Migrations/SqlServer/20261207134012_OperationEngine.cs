using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class OperationEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropIndex(
                name: "IX_BrokerOperations_NextAttemptAt",
                table: "BrokerOperations");

            migrationBuilder.AddColumn<int>(
                name: "MaxConcurrentCalls",
                table: "ServiceBrokers",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefreshClaimedUntil",
                table: "ConnectionCatalogs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RefreshRequestedAt",
                table: "ConnectionCatalogs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefreshRequestedBy",
                table: "ConnectionCatalogs",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            // Deadlines become sortable ticks (the converter's encoding: UTC ticks / 1000, shifted left 11 bits for the offset,
            // which is 0). SQL Server does not convert datetimeoffset to bigint, so the column is replaced.
            migrationBuilder.AddColumn<long>(
                name: "DeadlineTicks",
                table: "BrokerOperations",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
            migrationBuilder.Sql(
                "UPDATE BrokerOperations SET DeadlineTicks = " +
                "DATEDIFF_BIG(microsecond, CAST('0001-01-01' AS datetime2), CONVERT(datetime2, SWITCHOFFSET(Deadline, '+00:00'))) / 100 * 2048;");
            migrationBuilder.DropColumn(name: "Deadline", table: "BrokerOperations");
            migrationBuilder.RenameColumn(name: "DeadlineTicks", table: "BrokerOperations", newName: "Deadline");

            migrationBuilder.AddColumn<bool>(
                name: "AwaitingBroker",
                table: "BrokerOperations",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ConnectionHealth",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BrokerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PublicationId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    State = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastError = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ConsecutiveFailures = table.Column<int>(type: "int", nullable: false),
                    NextProbeAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConnectionHealth", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConnectionHealth_ServiceBrokers_BrokerId",
                        column: x => x.BrokerId,
                        principalTable: "ServiceBrokers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(
                "UPDATE BrokerOperations SET ConnectionId = COALESCE(" +
                "(SELECT i.PublicationId FROM ServiceInstances i WHERE i.Id = BrokerOperations.InstanceId), BrokerId);");

            // Every existing connection starts healthy.
            migrationBuilder.Sql(
                "INSERT INTO ConnectionHealth (Id, BrokerId, PublicationId, State, Since, ConsecutiveFailures, Version) " +
                "SELECT Id, Id, NULL, N'Healthy', RegisteredAt, 0, NEWID() FROM ServiceBrokers;");
            migrationBuilder.Sql(
                "INSERT INTO ConnectionHealth (Id, BrokerId, PublicationId, State, Since, ConsecutiveFailures, Version) " +
                "SELECT Id, BrokerId, Id, N'Healthy', RequestedAt, 0, NEWID() FROM Publications;");

            migrationBuilder.CreateIndex(
                name: "IX_ConnectionCatalogs_RefreshRequestedAt",
                table: "ConnectionCatalogs",
                column: "RefreshRequestedAt");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_ClaimedUntil",
                table: "BrokerOperations",
                column: "ClaimedUntil");

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_ConnectionId_NextAttemptAt",
                table: "BrokerOperations",
                columns: new[] { "ConnectionId", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_Deadline",
                table: "BrokerOperations",
                column: "Deadline");

            migrationBuilder.CreateIndex(
                name: "IX_ConnectionHealth_BrokerId",
                table: "ConnectionHealth",
                column: "BrokerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConnectionHealth");

            migrationBuilder.DropIndex(
                name: "IX_ConnectionCatalogs_RefreshRequestedAt",
                table: "ConnectionCatalogs");

            migrationBuilder.DropIndex(
                name: "IX_BrokerOperations_ClaimedUntil",
                table: "BrokerOperations");

            migrationBuilder.DropIndex(
                name: "IX_BrokerOperations_ConnectionId_NextAttemptAt",
                table: "BrokerOperations");

            migrationBuilder.DropIndex(
                name: "IX_BrokerOperations_Deadline",
                table: "BrokerOperations");

            migrationBuilder.DropColumn(
                name: "MaxConcurrentCalls",
                table: "ServiceBrokers");

            migrationBuilder.DropColumn(
                name: "RefreshClaimedUntil",
                table: "ConnectionCatalogs");

            migrationBuilder.DropColumn(
                name: "RefreshRequestedAt",
                table: "ConnectionCatalogs");

            migrationBuilder.DropColumn(
                name: "RefreshRequestedBy",
                table: "ConnectionCatalogs");

            migrationBuilder.DropColumn(
                name: "AwaitingBroker",
                table: "BrokerOperations");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "Deadline",
                table: "BrokerOperations",
                type: "datetimeoffset",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Key = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ExpiresAtUtcTicks = table.Column<long>(type: "bigint", nullable: false),
                    Holder = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BrokerOperations_NextAttemptAt",
                table: "BrokerOperations",
                column: "NextAttemptAt");
        }
    }
}
