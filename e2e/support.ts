import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'watchfloor-demo';

/** Signs in through the real next-auth credentials flow, as a person would. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/\/signin/);
}
