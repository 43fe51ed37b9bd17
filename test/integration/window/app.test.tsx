// @vitest-environment happy-dom
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app';

describe('app shell and routing', () => {
  it('has a banner and a main landmark', async () => {
    renderApp();
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Block Registry/ }).getAttribute('href')).toBe('#/');
    await screen.findAllByRole('article');
  });

  it('follows hash changes (links, back and forward)', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('link', { name: 'S3 Bucket' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeTruthy();
    expect(window.location.hash).toBe('#/types/s3-bucket');
    await user.click(screen.getByRole('link', { name: '0.4.14' }));
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('S3 Bucket version 0.4.14');
    await act(async () => {
      window.history.back();
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'S3 Bucket' })).toBeTruthy();
    await act(async () => {
      window.location.hash = '#/';
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Block types' })).toBeTruthy();
  });

  it('moves focus to the new page heading on navigation', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('link', { name: /block types, .* schemas/ }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Registration report' })));
  });

  it('shows a not-found page with a link home for unknown routes', async () => {
    const { user } = renderApp('#/no/such/page');
    expect(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeTruthy();
    await user.click(screen.getByRole('link', { name: 'Back to the catalogue' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Block types' })).toBeTruthy();
  });

  it('keeps the catalogue filters while visiting a type', async () => {
    const { user } = renderApp();
    await user.type(await screen.findByRole('searchbox', { name: 'Search block types' }), 'github');
    await user.click(screen.getByRole('link', { name: 'GitHub Credentials' }));
    await screen.findByRole('heading', { level: 1, name: 'GitHub Credentials' });
    await user.click(screen.getByRole('link', { name: 'Catalogue' }));
    expect(((await screen.findByRole('searchbox', { name: 'Search block types' })) as HTMLInputElement).value).toBe('github');
    expect(screen.getAllByRole('article')).toHaveLength(2);
  });
});
