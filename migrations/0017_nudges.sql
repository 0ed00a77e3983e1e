ALTER TABLE `checkins` ADD `carried_over` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `people` ADD `status_away_since` text;--> statement-breakpoint
ALTER TABLE `people` ADD `status_away_until` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `checkin_cadence` text DEFAULT 'weekly' NOT NULL CONSTRAINT "teams_checkin_cadence" CHECK (`checkin_cadence` IN ('weekly', 'biweekly'));--> statement-breakpoint
ALTER TABLE `teams` ADD `escalate_after_weeks` integer CONSTRAINT "teams_escalate_after" CHECK (`escalate_after_weeks` IS NULL OR `escalate_after_weeks` BETWEEN 1 AND 8);--> statement-breakpoint
ALTER TABLE `teams` ADD `lead_user_ids` text;
