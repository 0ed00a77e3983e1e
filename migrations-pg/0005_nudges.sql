ALTER TABLE "checkins" ADD COLUMN "carried_over" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "status_away_since" text;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "status_away_until" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "checkin_cadence" text DEFAULT 'weekly' NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "escalate_after_weeks" integer;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "lead_user_ids" text;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_checkin_cadence" CHECK ("teams"."checkin_cadence" IN ('weekly', 'biweekly'));--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_escalate_after" CHECK ("teams"."escalate_after_weeks" IS NULL OR "teams"."escalate_after_weeks" BETWEEN 1 AND 8);