import { Injectable } from '@nestjs/common';

/** The registry's time for budgets (periods, expiry, alerts): one injectable clock, so tests can move it. */
@Injectable()
export class BudgetClock {
  now(): Date {
    return new Date();
  }
}
